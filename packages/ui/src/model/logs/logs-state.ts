/**
 * The log view's state as it lives in the URL, and what it asks /api/logs. Parameter names follow
 * the API's (service, minSeverity, text, attr.KEY=VALUE, traceId), plus `range` (a lookback preset)
 * and `live` (the tail on).
 */
import { WINDOWS_MS } from '../time-windows.js';

export interface LogsState {
  service: string;
  /** '' (any) or TRACE, DEBUG, INFO, WARN, ERROR, FATAL. */
  minSeverity: string;
  text: string;
  /** Attribute filters in the order given: [key, value]. */
  attrs: [string, string][];
  traceId: string;
  range: string;
  live: boolean;
}

export const DEFAULT_LOGS: LogsState = {
  service: '',
  minSeverity: '',
  text: '',
  attrs: [],
  traceId: '',
  range: '1h',
  live: false,
};

/** Page size of the list and of each tail poll; the tail keeps at most TAIL_MAX lines. */
export const PAGE_SIZE = 200;
export const TAIL_MAX = 1000;

export function decodeLogs(params: URLSearchParams): LogsState {
  const attrs: [string, string][] = [];
  for (const [key, value] of params) {
    if (key.startsWith('attr.') && key.length > 5) attrs.push([key.slice(5), value]);
  }
  const range = params.get('range') ?? DEFAULT_LOGS.range;
  return {
    service: params.get('service') ?? '',
    minSeverity: (params.get('minSeverity') ?? '').toUpperCase(),
    text: params.get('text') ?? '',
    attrs,
    traceId: params.get('traceId') ?? '',
    range: range in WINDOWS_MS ? range : DEFAULT_LOGS.range,
    live: params.get('live') === '1',
  };
}

/** The URL's query string; defaults and empty fields are left out. */
export function encodeLogs(state: LogsState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['service', 'minSeverity', 'text', 'traceId'] as const) {
    if (state[key]) params.set(key, state[key]);
  }
  for (const [key, value] of state.attrs) if (key) params.append(`attr.${key}`, value);
  if (state.range !== DEFAULT_LOGS.range) params.set('range', state.range);
  if (state.live) params.set('live', '1');
  return params;
}

/** The /api/logs query of the state at `nowMs` (start and end in ms), optionally a page or a poll. */
export function logsQuery(
  state: LogsState,
  nowMs: number,
  page: { before?: string; after?: string } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  const span = WINDOWS_MS[state.range] ?? (WINDOWS_MS[DEFAULT_LOGS.range] as number);
  params.set('start', String(nowMs - span));
  // A minute of slack: the clocks of the services and of the browser may differ a little.
  params.set('end', String(nowMs + 60_000));
  for (const key of ['service', 'minSeverity', 'text', 'traceId'] as const) {
    if (state[key]) params.set(key, state[key]);
  }
  for (const [key, value] of state.attrs) if (key) params.append(`attr.${key}`, value);
  params.set('limit', String(PAGE_SIZE));
  if (page.before) params.set('before', page.before);
  if (page.after) params.set('after', page.after);
  return params;
}

/** `key=value` lines or space-separated pairs, as typed, ⇄ attribute filters. */
export function parseAttrFilters(text: string):
  | { ok: true; attrs: [string, string][] }
  | {
      ok: false;
      error: string;
    } {
  const attrs: [string, string][] = [];
  for (const part of text.split(/[\n,]+|\s+(?=[^\s=]+=)/)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) return { ok: false, error: `expected key=value, got "${trimmed.slice(0, 40)}"` };
    attrs.push([trimmed.slice(0, at), trimmed.slice(at + 1)]);
  }
  return { ok: true, attrs };
}

export const formatAttrFilters = (attrs: [string, string][]) =>
  attrs.map(([key, value]) => `${key}=${value}`).join(' ');
