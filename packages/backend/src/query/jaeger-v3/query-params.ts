import { parseGoDuration } from '../jaeger/go-duration.js';
import {
  checkTagCount,
  MAX_TRACE_SEARCH_LIMIT,
  type TraceSearch,
} from '../jaeger/search-params.js';
import { JaegerParamError, parseTraceId } from '../jaeger/trace-id.js';

/** Jaeger's api_v3 default for query.searchDepth. */
const DEFAULT_SEARCH_DEPTH = 100;
const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * A query parameter under its canonical camelCase name, else its deprecated snake_case alias,
 * and the name it came under (Jaeger's getQueryParam).
 */
function param(query: URLSearchParams, canonical: string, deprecated: string): [string, string] {
  const value = query.get(canonical) ?? '';
  if (value !== '') return [value, canonical];
  return [query.get(deprecated) ?? '', deprecated];
}

const malformed = (name: string, message: string) =>
  new JaegerParamError(`malformed parameter ${name}: ${message}`);

/** Go's time.Parse(time.RFC3339Nano, …) to nanoseconds since the epoch. */
export function parseRfc3339Nano(text: string): bigint {
  const match = RFC3339.exec(text);
  const fail = () =>
    new JaegerParamError(`parsing time ${JSON.stringify(text)} as ${JSON.stringify(RFC3339_NANO)}`);
  if (!match) throw fail();
  const [, year, month, day, hour, minute, second, fraction = '', zulu, sign, offH, offM] =
    match as unknown as string[];
  const parts = [year, month, day, hour, minute, second].map(Number) as number[];
  const [y, mo, d, h, mi, s] = parts as [number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (mo < 1 || mo > 12 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) throw fail();
  const ms = date.getTime();
  const offsetMin = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM));
  const seconds = BigInt(ms / 1000) - BigInt(offsetMin * 60);
  return seconds * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
}

function time(query: URLSearchParams, canonical: string, deprecated: string): bigint | undefined {
  const [text, name] = param(query, canonical, deprecated);
  if (text === '') return undefined;
  try {
    return parseRfc3339Nano(text);
  } catch (error) {
    throw malformed(name, (error as Error).message);
  }
}

function bool(query: URLSearchParams, canonical: string, deprecated: string): boolean {
  const [text, name] = param(query, canonical, deprecated);
  if (text === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw malformed(name, `strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
}

function duration(query: URLSearchParams, canonical: string, deprecated: string): bigint {
  const [text, name] = param(query, canonical, deprecated);
  if (text === '') return 0n;
  try {
    return parseGoDuration(text);
  } catch (error) {
    throw malformed(name, (error as Error).message);
  }
}

function searchDepth(query: URLSearchParams): number {
  let [text, name] = param(query, 'query.searchDepth', 'query.search_depth');
  if (text === '') [text, name] = [query.get('query.num_traces') ?? '', 'query.num_traces'];
  if (text === '') return DEFAULT_SEARCH_DEPTH;
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw malformed(name, `strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  const depth = Number(text);
  // Jaeger passes any number to the storage; a depth below 1 finds nothing here.
  if (depth < 1) throw malformed(name, 'must be greater than 0');
  if (depth > MAX_TRACE_SEARCH_LIMIT) {
    throw malformed(
      name,
      `must be at most ${MAX_TRACE_SEARCH_LIMIT}, the most traces one search returns`,
    );
  }
  return depth;
}

function attributes(query: URLSearchParams): Map<string, string> {
  const text = query.get('query.attributes') ?? '';
  const result = new Map<string, string>();
  if (text === '') return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw malformed('query.attributes', (error as Error).message);
  }
  if (parsed === null) return result;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw malformed('query.attributes', 'json: cannot unmarshal into a map of strings');
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') {
      throw malformed(
        'query.attributes',
        `json: cannot unmarshal ${typeof value} into Go value of type string`,
      );
    }
    result.set(key, value);
  }
  return result;
}

export interface FindTracesQuery {
  search: TraceSearch;
  raw: boolean;
}

/**
 * GET /api/v3/traces parameters as Jaeger's api_v3 query parser reads them: camelCase names
 * (query.serviceName, query.startTimeMin, …) with their snake_case aliases, times in RFC 3339,
 * durations in Go's form, query.attributes a JSON object of strings; its error messages.
 */
export function parseFindTracesQuery(query: URLSearchParams): FindTracesQuery {
  const [service] = param(query, 'query.serviceName', 'query.service_name');
  const [operation] = param(query, 'query.operationName', 'query.operation_name');
  const tags = attributes(query);
  checkTagCount(tags, 'query.attributes');
  if (query.get('query.filter')) {
    throw new JaegerParamError(
      'malformed parameter query.filter: filter expressions are not supported',
    );
  }
  const [minText] = param(query, 'query.startTimeMin', 'query.start_time_min');
  const [maxText] = param(query, 'query.startTimeMax', 'query.start_time_max');
  if (minText === '' || maxText === '') {
    throw new JaegerParamError('query.startTimeMin and query.startTimeMax are required');
  }
  const startMinNs = time(query, 'query.startTimeMin', 'query.start_time_min') as bigint;
  const startMaxNs = time(query, 'query.startTimeMax', 'query.start_time_max') as bigint;
  if (startMinNs >= startMaxNs) {
    throw new JaegerParamError('query.startTimeMin must be before query.startTimeMax');
  }
  const limit = searchDepth(query);
  const durationMinNs = duration(query, 'query.durationMin', 'query.duration_min');
  const durationMaxNs = duration(query, 'query.durationMax', 'query.duration_max');
  const raw = bool(query, 'query.rawTraces', 'query.raw_traces');
  if (service === '') {
    throw new JaegerParamError(
      'this storage backend requires a service name to search; searching all services is not supported',
    );
  }
  return {
    search: {
      service,
      operation,
      tags,
      startMinNs,
      startMaxNs,
      durationMinNs,
      durationMaxNs,
      limit,
    },
    raw,
  };
}

const BASE64 = [
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/,
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2,3})?$/,
  /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/,
];

/** Jaeger api_v3's TraceIDFromString: hex as in v1, else 8 or 16 bytes of (URL-safe) base64. */
export function parseTraceIdV3(text: string): bigint {
  try {
    return parseTraceId(text);
  } catch (error) {
    if (text.length > 24 || !BASE64.some((pattern) => pattern.test(text))) {
      throw malformed('trace_id', (error as Error).message);
    }
    const bytes = Buffer.from(text.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
    if (bytes.length !== 8 && bytes.length !== 16) {
      throw malformed('trace_id', `invalid length for TraceID`);
    }
    return BigInt(`0x${bytes.toString('hex')}`);
  }
}

/** GET /api/v3/traces/{trace_id}: startTime and endTime are checked (storage needs no hint). */
export function parseGetTraceQuery(query: URLSearchParams): { raw: boolean } {
  time(query, 'startTime', 'start_time');
  time(query, 'endTime', 'end_time');
  return { raw: bool(query, 'rawTraces', 'raw_traces') };
}
