/**
 * The parameters of GET /api/search as Tempo reads them (pkg/api ParseSearchRequest and the
 * query frontend's checks), with Tempo's messages for what it refuses: `q` (TraceQL) or the older
 * `tags` (logfmt), `minDuration`, `maxDuration`, `limit`, `spss`, `start` and `end`.
 */
import { isSearchQuery, parseTraceql, type TraceqlQuery } from '@otel-lab/traceql';
import { MAX_TAG_WINDOW_NS } from '../tag-params.js';
import { TempoError } from '../tempo-error.js';
import { durationBounds, legacyTagsQuery } from './legacy-tags.js';
import {
  DEFAULT_LIMIT,
  DEFAULT_SPSS,
  MAX_LIMIT,
  MAX_QUERY_BYTES,
  MAX_SPSS,
} from './search-limits.js';

const NS_PER_S = 1_000_000_000n;
/** Without start and end, the last hour: Tempo then searches only its recent (ingester) data. */
export const DEFAULT_SEARCH_WINDOW_NS = 3_600_000_000_000n;

export interface SearchRequest {
  query: TraceqlQuery;
  /** A `tags` search: its answer has no span sets, as Tempo's. */
  legacy: boolean;
  startNs: bigint;
  endNs: bigint;
  limit: number;
  spss: number;
}

/** A present, non-empty parameter (Tempo's extractQueryParam). */
function param(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

/** Go's strconv.ParseUint(text, 10, 32), with its error text under `invalid <name>: `. */
function uint32(name: string, text: string): number {
  const fail = (why: string) =>
    new TempoError(
      400,
      `invalid ${name}: strconv.ParseUint: parsing ${JSON.stringify(text)}: ${why}`,
    );
  if (!/^[0-9]+$/.test(text)) throw fail('invalid syntax');
  const value = Number(text);
  if (value > 0xffff_ffff) throw fail('value out of range');
  return value;
}

function windowOf(query: URLSearchParams, nowNs: bigint): { startNs: bigint; endNs: bigint } {
  const startText = param(query, 'start');
  const endText = param(query, 'end');
  const start = startText === undefined ? 0 : uint32('start', startText);
  const end = endText === undefined ? 0 : uint32('end', endText);
  if (start === 0 && end === 0) return { startNs: nowNs - DEFAULT_SEARCH_WINDOW_NS, endNs: nowNs };
  if (end <= start) {
    throw new TempoError(
      400,
      `http parameter start must be before end. received start=${start} end=${end}`,
    );
  }
  const startNs = BigInt(start) * NS_PER_S;
  const endNs = BigInt(end) * NS_PER_S;
  if (endNs - startNs > MAX_TAG_WINDOW_NS) {
    throw new TempoError(
      400,
      `range specified by start and end exceeds 168h0m0s. received start=${start} end=${end}`,
    );
  }
  return { startNs, endNs };
}

function traceqlOf(q: string): TraceqlQuery {
  if (Buffer.byteLength(q) > MAX_QUERY_BYTES) {
    throw new TempoError(
      400,
      `TraceQL expression exceeds the configured maximum size of ${MAX_QUERY_BYTES} bytes, reduce the query expression size or contact your system administrator`,
    );
  }
  let query: TraceqlQuery;
  try {
    query = parseTraceql(q);
  } catch (error) {
    throw new TempoError(400, `invalid TraceQL query: ${(error as Error).message}`);
  }
  // Metrics functions, compare() and topk() belong to /api/metrics/query_range.
  if (!isSearchQuery(query)) {
    throw new TempoError(
      400,
      'invalid TraceQL query: a metrics query is answered by /api/metrics/query_range and /api/metrics/query, not /api/search',
    );
  }
  return query;
}

/** The search a request asks for; 400 with Tempo's message for what is malformed. */
export function parseSearchRequest(query: URLSearchParams, nowNs: bigint): SearchRequest {
  const { startNs, endNs } = windowOf(query, nowNs);
  const q = param(query, 'q');
  const tags = param(query, 'tags');
  if (q !== undefined && tags !== undefined) {
    throw new TempoError(400, "invalid request: can't specify tags and q in the same query");
  }
  const minDuration = param(query, 'minDuration');
  const maxDuration = param(query, 'maxDuration');
  // Checked with q too, as Tempo parses them whatever the search.
  durationBounds(minDuration, maxDuration);
  const limitText = param(query, 'limit');
  const limit = limitText === undefined ? DEFAULT_LIMIT : uint32('limit', limitText);
  if (limit === 0) throw new TempoError(400, 'invalid limit: must be a positive number');
  if (limit > MAX_LIMIT) throw new TempoError(400, `limit ${limit} exceeds max limit ${MAX_LIMIT}`);
  const spssText = param(query, 'spss');
  const spss = spssText === undefined ? DEFAULT_SPSS : uint32('spss', spssText) || DEFAULT_SPSS;
  if (spss > MAX_SPSS) {
    throw new TempoError(400, `spans per span set exceeds ${MAX_SPSS}. received ${spss}`);
  }
  const legacy = q === undefined;
  const parsed =
    q !== undefined ? traceqlOf(q) : legacyTagsQuery(tags ?? '', minDuration, maxDuration);
  return { query: parsed, legacy, startNs, endNs, limit, spss };
}
