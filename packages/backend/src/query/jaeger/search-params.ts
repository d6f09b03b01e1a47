import { parseGoDuration, parseLookback } from './go-duration.js';
import { JaegerParamError, parseTraceId } from './trace-id.js';

/** A trace search, in the storage's units (nanoseconds). */
export interface TraceSearch {
  service: string;
  operation: string;
  /** Key → value, each matched as text against one span's tags, logs, process and scope. */
  tags: Map<string, string>;
  startMinNs: bigint;
  startMaxNs: bigint;
  /** 0 when not set, as in Jaeger. */
  durationMinNs: bigint;
  durationMaxNs: bigint;
  limit: number;
}

export type TraceRequest =
  | { kind: 'search'; search: TraceSearch; raw: boolean }
  | { kind: 'ids'; ids: bigint[]; startMinNs?: bigint; startMaxNs?: bigint; raw: boolean };

const DEFAULT_LIMIT = 100;
/**
 * The most traces one search returns (v1 `limit`, api_v3 `query.searchDepth`): Jaeger UI's own
 * ceiling (its search.maxLimit default), and every span of every trace found is held in memory
 * while the answer is built. Jaeger has no cap of its own; past this is a 400 that names it.
 */
export const MAX_TRACE_SEARCH_LIMIT = 1500;
/**
 * The most tags one search may filter on: each costs a lookup in the resources and scopes and a
 * condition on every span scanned, so 400 of them took seconds. Jaeger has no cap of its own.
 */
export const MAX_SEARCH_TAGS = 32;

/** Refuses more tags than MAX_SEARCH_TAGS, naming the parameter they came in. */
export function checkTagCount(tags: ReadonlyMap<string, string>, parameter: string): void {
  if (tags.size > MAX_SEARCH_TAGS) {
    throw new JaegerParamError(
      `invalid parameter ${parameter}: ${tags.size} tags, at most ${MAX_SEARCH_TAGS} in one search`,
    );
  }
}

/** Jaeger's default search window when `start` is absent: two days. */
const DEFAULT_LOOKBACK_NS = 2n * 86_400_000_000_000n;
const INT = /^[+-]?\d+$/;

const parseError = (param: string, message: string) =>
  new JaegerParamError(`unable to parse param '${param}': ${message}`);

function integer(text: string, bits: 32 | 64): bigint {
  const syntax = `strconv.ParseInt: parsing ${JSON.stringify(text)}: `;
  if (!INT.test(text)) throw new JaegerParamError(`${syntax}invalid syntax`);
  const value = BigInt(text);
  const max = 2n ** BigInt(bits - 1);
  if (value >= max || value < -max) throw new JaegerParamError(`${syntax}value out of range`);
  return value;
}

/** An int64 parameter as Go's strconv.ParseInt reads it; undefined when absent or empty. */
export function parseInt64Param(query: URLSearchParams, param: string): bigint | undefined {
  const text = query.get(param) ?? '';
  if (text === '') return undefined;
  try {
    return integer(text, 64);
  } catch (error) {
    throw parseError(param, (error as Error).message);
  }
}

function microseconds(query: URLSearchParams, param: string): bigint | undefined {
  const value = parseInt64Param(query, param);
  return value === undefined ? undefined : value * 1000n;
}

function duration(query: URLSearchParams, param: string): bigint {
  const text = query.get(param) ?? '';
  if (text === '') return 0n;
  try {
    return parseGoDuration(text);
  } catch (error) {
    throw parseError(param, (error as Error).message);
  }
}

export function parseBoolParam(query: URLSearchParams, param: string): boolean {
  const text = query.get(param) ?? '';
  if (text === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw parseError(param, `strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
}

function tags(query: URLSearchParams): Map<string, string> {
  const result = new Map<string, string>();
  for (const tag of query.getAll('tag')) {
    const [key, ...value] = tag.split(':');
    if (value.length === 0) {
      throw new JaegerParamError(
        `malformed 'tag' parameter, expecting key:value, received: ${tag}`,
      );
    }
    result.set(key as string, value.join(':'));
  }
  for (const text of query.getAll('tags')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new JaegerParamError(
        `malformed 'tags' parameter, cannot unmarshal JSON: ${(error as Error).message}`,
      );
    }
    if (parsed === null) continue;
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new JaegerParamError(
        "malformed 'tags' parameter, cannot unmarshal JSON: expected an object of strings",
      );
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') {
        throw new JaegerParamError(
          `malformed 'tags' parameter, cannot unmarshal JSON: the value of ${JSON.stringify(key)} is not a string`,
        );
      }
      result.set(key, value);
    }
  }
  return result;
}

/**
 * GET /api/traces parameters as Jaeger's query parser reads them (service, operation, tag, tags,
 * start and end in µs, minDuration and maxDuration as Go durations, limit, traceID, raw), with
 * its error messages. `lookback` (which Jaeger ignores) sets the window when `start` is absent.
 */
export function parseTraceRequest(query: URLSearchParams, nowNs: bigint): TraceRequest {
  const start = microseconds(query, 'start');
  const end = microseconds(query, 'end');
  const tagMap = tags(query);
  checkTagCount(tagMap, 'tags');
  const limitText = query.get('limit') ?? '';
  const limit = limitText === '' ? DEFAULT_LIMIT : Number(integer(limitText, 32));
  const durationMinNs = duration(query, 'minDuration');
  const durationMaxNs = duration(query, 'maxDuration');
  const ids = query.getAll('traceID').map((id) => {
    try {
      return parseTraceId(id);
    } catch (error) {
      throw new JaegerParamError(`cannot parse traceID param: ${(error as Error).message}`);
    }
  });
  const raw = parseBoolParam(query, 'raw');
  const service = query.get('service') ?? '';
  if (ids.length === 0 && service === '') {
    throw new JaegerParamError("parameter 'service' is required");
  }
  if (limit <= 0) throw new JaegerParamError('invalid parameter: limit must be greater than 0');
  if (limit > MAX_TRACE_SEARCH_LIMIT) {
    throw new JaegerParamError(
      `invalid parameter: limit must be at most ${MAX_TRACE_SEARCH_LIMIT}, the most traces one search returns`,
    );
  }
  const startMaxNs = end ?? nowNs;
  const lookback = parseLookback(query.get('lookback') ?? '') ?? DEFAULT_LOOKBACK_NS;
  const startMinNs = start ?? startMaxNs - lookback;
  if (startMinNs > startMaxNs) {
    throw new JaegerParamError('invalid parameter: start time must be before end time');
  }
  if (durationMinNs !== 0n && durationMaxNs !== 0n && durationMaxNs < durationMinNs) {
    throw new JaegerParamError("'maxDuration' should be greater than 'minDuration'");
  }
  if (ids.length > 0) {
    return { kind: 'ids', ids, startMinNs: start, startMaxNs: end, raw };
  }
  return {
    kind: 'search',
    search: {
      service,
      operation: query.get('operation') ?? '',
      tags: tagMap,
      startMinNs,
      startMaxNs,
      durationMinNs,
      durationMaxNs,
      limit,
    },
    raw,
  };
}

/** GET /api/traces/{traceID} reads start, end (µs, checked though storage needs no hint) and raw. */
export function parseGetTraceParams(query: URLSearchParams): { raw: boolean } {
  microseconds(query, 'start');
  microseconds(query, 'end');
  return { raw: parseBoolParam(query, 'raw') };
}
