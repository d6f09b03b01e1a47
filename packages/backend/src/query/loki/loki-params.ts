/**
 * The parameters of Loki's HTTP API, read as Loki reads them: the URL query, plus a form body
 * for POST (body values first, as Go's ParseForm orders them). The query endpoints use the same
 * readers.
 */
import type { IncomingMessage } from 'node:http';
import { isLogExpr, LogqlParseError, parseDurationNs, parseExpr } from '@otel-lab/logql';
import { compileAnchored, type LabelMatcher, RegexSyntaxError } from '@otel-lab/promql';
import { readFormParams } from '../form-params.js';
import { LokiError } from './loki-error.js';
import { parseLokiTime, parseSecondsOrDuration } from './loki-time.js';

/** Large enough for many match[] selectors and a long query, small enough to bound memory. */
const MAX_FORM_BYTES = 4 * 1024 * 1024;
const HOUR_NS = 3_600_000_000_000n;
/** Loki's default `limit` of a log query. */
export const DEFAULT_LIMIT = 100;

export function readLokiParams(request: IncomingMessage, url: URL): Promise<URLSearchParams> {
  return readFormParams(request, url, {
    maxBytes: MAX_FORM_BYTES,
    refuse: (message, status) => new LokiError(message, status),
  });
}

export const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/**
 * start and end as Loki 3.7's `bounds`: end defaults to now; start to `since` (a duration, by
 * default an hour) before end, or before now when end is in the future.
 */
export function boundsParams(
  params: URLSearchParams,
  now = nowNs(),
): { startNs: bigint; endNs: bigint } {
  let sinceNs = HOUR_NS;
  const since = params.get('since');
  if (since) {
    const parsed = parseDurationNs(since);
    if (parsed === undefined) {
      throw new LokiError(
        `could not parse 'since' parameter: not a valid duration string: ${JSON.stringify(since)}`,
      );
    }
    sinceNs = parsed;
  }
  const endNs = wrapped('end', () => parseLokiTime(params.get('end'), now));
  // bigints: Math.min does not take them.
  let base = endNs;
  if (base > now) base = now;
  const startNs = wrapped('start', () => parseLokiTime(params.get('start'), base - sinceNs));
  return { startNs, endNs };
}

/** Loki wraps a time's error with the parameter's name. */
function wrapped(name: string, read: () => bigint): bigint {
  try {
    return read();
  } catch (error) {
    if (error instanceof LokiError) {
      throw new LokiError(`could not parse '${name}' parameter: ${error.message}`);
    }
    throw error;
  }
}

/** `time` of an instant query: now by default. */
export function timeParam(params: URLSearchParams, now = nowNs()): bigint {
  return parseLokiTime(params.get('time'), now);
}

/** A positive integer parameter as Loki reads `limit` and its kin (`fallback` when absent). */
export function positiveParam(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^[+-]?\d+$/.test(raw)) {
    throw new LokiError(`strconv.Atoi: parsing ${JSON.stringify(raw)}: invalid syntax`);
  }
  const value = BigInt(raw);
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) {
    throw new LokiError(`strconv.Atoi: parsing ${JSON.stringify(raw)}: value out of range`);
  }
  if (value <= 0n) throw new LokiError('limit must be a positive value');
  // Past 2^32 Loki's uint32 wraps; here every such value is over any limit anyway.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** `limit`: a positive integer, DEFAULT_LIMIT when absent. */
export function limitParam(params: URLSearchParams): number {
  return positiveParam(params, 'limit', DEFAULT_LIMIT);
}

/** `direction`: forward or backward in any case, backward by default. */
export function directionParam(params: URLSearchParams): 'forward' | 'backward' {
  const raw = params.get('direction');
  if (raw === null || raw === '') return 'backward';
  const direction = raw.toUpperCase();
  if (direction === 'FORWARD') return 'forward';
  if (direction === 'BACKWARD') return 'backward';
  throw new LokiError(`invalid direction '${raw}'`);
}

/** `step` of a range query in nanoseconds: by default the range over 250, at least a second. */
export function stepParam(params: URLSearchParams, startNs: bigint, endNs: bigint): bigint {
  const raw = params.get('step');
  if (raw === null || raw === '') {
    const seconds = (endNs - startNs) / 1_000_000_000n / 250n;
    return (seconds > 1n ? seconds : 1n) * 1_000_000_000n;
  }
  return parseSecondsOrDuration(raw);
}

/** Loki's largest number of steps in a range query. */
const MAX_POINTS = 11_000n;

export interface RangeParams {
  startNs: bigint;
  endNs: bigint;
  limit: number;
  direction: 'forward' | 'backward';
  stepNs: bigint;
  /** `interval` of a log query: entries at least this far apart (0: every entry). */
  intervalNs: bigint;
}

/** The parameters of a range query (and of index stats), checked as Loki 3.7's ParseRangeQuery, in its order. */
export function rangeParams(params: URLSearchParams): RangeParams {
  const { startNs, endNs } = boundsParams(params);
  if (endNs < startNs)
    throw new LokiError('end timestamp must not be before or equal to start time');
  const limit = limitParam(params);
  const direction = directionParam(params);
  const stepNs = stepParam(params, startNs, endNs);
  if (stepNs <= 0n) {
    throw new LokiError(
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  }
  if ((endNs - startNs) / stepNs > MAX_POINTS) {
    throw new LokiError(
      'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter',
    );
  }
  const interval = params.get('interval');
  const intervalNs = interval ? parseSecondsOrDuration(interval) : 0n;
  if (intervalNs < 0n) throw new LokiError('interval must be >= 0');
  return { startNs, endNs, limit, direction, stepNs, intervalNs };
}

/**
 * A stream selector's matchers (`query` of label values and index stats, each `match[]` of
 * series), refused as Loki 3.7's ParseMatchers refuses anything else. `validate` false (series)
 * skips Loki's check that a selector does not match everything; a bad regex is refused either way.
 */
export function selectorMatchers(text: string, validate = true): readonly LabelMatcher[] {
  let expr: ReturnType<typeof parseExpr>;
  try {
    expr = parseExpr(text, { validate });
  } catch (error) {
    if (error instanceof LogqlParseError) throw new LokiError(error.message);
    throw error;
  }
  if (!isLogExpr(expr) || expr.pipeline.length > 0) {
    throw new LokiError('only label matchers are supported');
  }
  for (const matcher of expr.matchers) {
    if (matcher.type !== '=~' && matcher.type !== '!~') continue;
    try {
      compileAnchored(matcher.value);
    } catch (error) {
      if (error instanceof RegexSyntaxError) throw new LokiError(`parse error : ${error.message}`);
      throw error;
    }
  }
  return expr.matchers;
}
