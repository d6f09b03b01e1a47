/**
 * The parameters of Loki's HTTP API, read as Loki reads them: the URL query, plus a form body
 * for POST (body values first, as Go's ParseForm orders them). The query endpoints use the same
 * readers.
 */
import type { IncomingMessage } from 'node:http';
import { isLogExpr, LogqlParseError, parseExpr } from '@otel-lab/logql';
import type { LabelMatcher } from '@otel-lab/promql';
import { BodyError, readBody } from '../../receive/read-body.js';
import { MALFORMED_ENCODING } from '../../serve/error-boundary.js';
import { hasMalformedEscape } from '../../serve/percent-encoding.js';
import { LokiError } from './loki-error.js';
import { parseLokiTime, parseSecondsOrDuration } from './loki-time.js';

/** Large enough for many match[] selectors and a long query, small enough to bound memory. */
const MAX_FORM_BYTES = 4 * 1024 * 1024;
const HOUR_NS = 3_600_000_000_000n;
/** Loki's default `limit` of a log query. */
export const DEFAULT_LIMIT = 100;

export async function readLokiParams(request: IncomingMessage, url: URL): Promise<URLSearchParams> {
  if (request.method !== 'POST') return url.searchParams;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    request.resume();
    return url.searchParams;
  }
  let body: Buffer;
  try {
    body = await readBody(request, MAX_FORM_BYTES);
  } catch (error) {
    if (error instanceof BodyError) throw new LokiError(error.message, error.status);
    throw error;
  }
  const form = body.toString('utf8');
  if (hasMalformedEscape(form)) throw new LokiError(MALFORMED_ENCODING);
  const params = new URLSearchParams(form);
  for (const [name, value] of url.searchParams) params.append(name, value);
  return params;
}

export const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** start and end: by default the hour before now, as Loki's `bounds`. */
export function boundsParams(
  params: URLSearchParams,
  now = nowNs(),
): { startNs: bigint; endNs: bigint } {
  const startNs = parseLokiTime(params.get('start'), now - HOUR_NS);
  const endNs = parseLokiTime(params.get('end'), now);
  return { startNs, endNs };
}

/** `time` of an instant query: now by default. */
export function timeParam(params: URLSearchParams, now = nowNs()): bigint {
  return parseLokiTime(params.get('time'), now);
}

/** `limit`: a positive integer, DEFAULT_LIMIT when absent. */
export function limitParam(params: URLSearchParams): number {
  const raw = params.get('limit');
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  if (!/^[+-]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new LokiError(`strconv.Atoi: parsing ${JSON.stringify(raw)}: invalid syntax`);
  }
  const limit = Number(raw);
  if (limit <= 0) throw new LokiError('limit must be a positive value');
  return limit;
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

/**
 * A stream selector's matchers (`query` of label values and index stats, each `match[]` of
 * series), refused as Loki's ParseMatchers refuses anything else.
 */
export function selectorMatchers(text: string): readonly LabelMatcher[] {
  let expr: ReturnType<typeof parseExpr>;
  try {
    expr = parseExpr(text);
  } catch (error) {
    if (error instanceof LogqlParseError) throw new LokiError(error.message);
    throw error;
  }
  if (!isLogExpr(expr) || expr.pipeline.length > 0) {
    throw new LokiError('only label matchers are supported');
  }
  return expr.matchers;
}
