import { parseRange, rangeQuery, rangeSeconds } from '../metrics/range.js';
import { formatEnd, parseEnd } from '../metrics/url-state.js';

/**
 * The Logs page's LogQL mode, all of it in the URL:
 * /logs?mode=logql&query={service_name="demo-app"} |= "order"&range=15m&end=2026-12-07T02:00:00Z.
 * Without `mode=logql` the page shows its filter form (model/logs/logs-state.ts).
 */
export interface LogqlState {
  query: string;
  /** A duration: one of RANGES, or any other (`7m30s`) after a zoom on the volume. */
  range: string;
  /** Epoch seconds the range ends at; null follows now. */
  end: number | null;
}

export const DEFAULT_LOGQL: LogqlState = { query: '', range: '1h', end: null };

export const isLogqlMode = (params: URLSearchParams) => params.get('mode') === 'logql';

export function decodeLogqlState(params: URLSearchParams): LogqlState {
  const range = params.get('range');
  return {
    query: params.get('query') ?? '',
    range: range && parseRange(range) !== null ? range : DEFAULT_LOGQL.range,
    end: parseEnd(params.get('end')),
  };
}

/** `/logs?mode=logql…`: only what differs from the defaults, in a fixed order. */
export function logqlPath(state: LogqlState): string {
  const params = new URLSearchParams({ mode: 'logql' });
  if (state.query) params.set('query', state.query);
  if (state.range !== DEFAULT_LOGQL.range) params.set('range', state.range);
  if (state.end !== null) params.set('end', formatEnd(state.end));
  return `/logs?${params}`;
}

/**
 * The query's window in epoch seconds, with the step a metric query uses (about 250 points).
 * Following now, the end is the next whole second: a line logged a moment ago is shown, not cut
 * off by rounding now down.
 */
export function queryWindow(state: LogqlState, nowMs: number) {
  const window = rangeQuery({ ...state, step: null }, nowMs);
  if (state.end !== null) return window;
  const end = Math.floor(nowMs / 1000) + 1;
  return { ...window, start: end - rangeSeconds(state.range), end };
}
