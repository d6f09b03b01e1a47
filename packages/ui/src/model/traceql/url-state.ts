import { parseRange, rangeSeconds } from '../metrics/range.js';
import { formatEnd, parseEnd } from '../metrics/url-state.js';

/**
 * Trace search's TraceQL mode, all of it in the URL:
 * /search?mode=traceql&query={name="process_payment"}&range=15m&end=2026-12-07T02:00:00Z&limit=50.
 * Without `mode=traceql` the page shows its Jaeger-style form (model/search-state.ts).
 */
export interface TraceqlState {
  query: string;
  /** A duration: one of RANGES, or any other (`7m30s`). */
  range: string;
  /** Epoch seconds the range ends at; null follows now. */
  end: number | null;
  /** Traces asked for (Tempo's `limit`). */
  limit: number;
}

/** Tempo's default `limit`, and the most this mode asks for (the backend caps a search too). */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;
/** Matched spans each span set returns (Tempo's `spss`, its default). */
export const SPANS_PER_SPAN_SET = 3;

export const DEFAULT_TRACEQL: TraceqlState = {
  query: '',
  range: '1h',
  end: null,
  limit: DEFAULT_LIMIT,
};

export const isTraceqlMode = (params: URLSearchParams) => params.get('mode') === 'traceql';

function parseLimit(text: string | null): number {
  const limit = Number(text);
  return Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIMIT ? limit : DEFAULT_LIMIT;
}

export function decodeTraceqlState(params: URLSearchParams): TraceqlState {
  const range = params.get('range');
  return {
    query: params.get('query') ?? '',
    range: range && parseRange(range) !== null ? range : DEFAULT_TRACEQL.range,
    end: parseEnd(params.get('end')),
    limit: parseLimit(params.get('limit')),
  };
}

/** `/search?mode=traceql…`: only what differs from the defaults, in a fixed order. */
export function traceqlPath(state: TraceqlState): string {
  const params = new URLSearchParams({ mode: 'traceql' });
  if (state.query) params.set('query', state.query);
  if (state.range !== DEFAULT_TRACEQL.range) params.set('range', state.range);
  if (state.end !== null) params.set('end', formatEnd(state.end));
  if (state.limit !== DEFAULT_LIMIT) params.set('limit', String(state.limit));
  return `/search?${params}`;
}

/**
 * Tempo's /api/search parameters for the state at `nowMs` (start and end in epoch seconds).
 * Following now, the end is the next whole second, so a trace that ended a moment ago is in.
 */
export function searchParams(state: TraceqlState, nowMs: number): URLSearchParams {
  const end = state.end ?? Math.floor(nowMs / 1000) + 1;
  return new URLSearchParams({
    q: state.query,
    limit: String(state.limit),
    spss: String(SPANS_PER_SPAN_SET),
    start: String(end - rangeSeconds(state.range)),
    end: String(end),
  });
}
