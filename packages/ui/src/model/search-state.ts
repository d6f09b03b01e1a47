/**
 * The trace search's state as it lives in the URL, with Jaeger UI's parameter names (service,
 * operation, tags as a JSON object, lookback, start and end in µs, minDuration, maxDuration,
 * limit, and traceID, repeated, for given traces), so Jaeger search links open the same search
 * here. `sort` is ours.
 */
export interface SearchState {
  service: string;
  operation: string;
  /** The tags as a person types them: `key=value key2="with spaces"`. */
  tags: string;
  lookback: string;
  /** µs since the epoch, as text; empty when the lookback decides. */
  start: string;
  end: string;
  minDuration: string;
  maxDuration: string;
  limit: string;
  sort: SortOrder;
  /** Jaeger UI's `traceID` parameters: these traces, whatever the other fields say. */
  traceIDs: string[];
}

export type SortOrder = 'recent' | 'longest' | 'shortest' | 'most-spans' | 'least-spans';
export const SORT_ORDERS: readonly SortOrder[] = [
  'recent',
  'longest',
  'shortest',
  'most-spans',
  'least-spans',
];

export const LOOKBACKS: Record<string, number> = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '30m': 30 * 60_000,
  '1h': 3_600_000,
  '2h': 2 * 3_600_000,
  '6h': 6 * 3_600_000,
  '12h': 12 * 3_600_000,
  '24h': 24 * 3_600_000,
  '2d': 2 * 86_400_000,
  '7d': 7 * 86_400_000,
};

export const DEFAULT_SEARCH: SearchState = {
  service: '',
  operation: '',
  tags: '',
  lookback: '1h',
  start: '',
  end: '',
  minDuration: '',
  maxDuration: '',
  limit: '20',
  sort: 'recent',
  traceIDs: [],
};

/** `key=value` pairs separated by spaces; values may be double-quoted with \" and \\ escapes. */
export function parseLogfmt(
  text: string,
): { ok: true; tags: Record<string, string> } | { ok: false; error: string } {
  const tags: Record<string, string> = {};
  const pattern = /\s*([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*/y;
  let at = 0;
  const trimmed = text.trim();
  while (at < trimmed.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(trimmed);
    if (!match)
      return { ok: false, error: `expected key=value at "${trimmed.slice(at, at + 20)}"` };
    const quoted = match[2];
    tags[match[1] as string] =
      quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (match[3] as string);
    at = pattern.lastIndex;
  }
  return { ok: true, tags };
}

export function formatLogfmt(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) =>
      /^[^\s"\\]+$/.test(value) ? `${key}=${value}` : `${key}="${value.replace(/["\\]/g, '\\$&')}"`,
    )
    .join(' ');
}

/** Whether the tags ask for errors only (Jaeger's `error=true`, which matches an ERROR status). */
export function hasErrorsOnly(tags: string): boolean {
  const parsed = parseLogfmt(tags);
  return parsed.ok && parsed.tags.error === 'true';
}

/** The tags with `error=true` added or taken out; tags that do not parse are left as typed. */
export function withErrorsOnly(tags: string, on: boolean): string {
  const parsed = parseLogfmt(tags);
  if (!parsed.ok) return tags;
  const { error: _error, ...rest } = parsed.tags;
  return formatLogfmt(on ? { ...rest, error: 'true' } : rest);
}

/** Jaeger writes tags as JSON in the URL; anything unreadable stays as typed, to be corrected. */
export function decodeSearch(params: URLSearchParams): SearchState {
  const get = (name: Exclude<keyof SearchState, 'traceIDs' | 'sort'>) =>
    params.get(name) ?? DEFAULT_SEARCH[name];
  let tags = params.get('tags') ?? '';
  try {
    const parsed = JSON.parse(tags) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      tags = formatLogfmt(
        Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)])),
      );
    }
  } catch {
    // not JSON: keep the text
  }
  const sort = SORT_ORDERS.find((order) => order === params.get('sort')) ?? DEFAULT_SEARCH.sort;
  return {
    service: get('service'),
    operation: get('operation'),
    tags,
    lookback: get('lookback'),
    start: get('start'),
    end: get('end'),
    minDuration: get('minDuration'),
    maxDuration: get('maxDuration'),
    limit: get('limit'),
    sort,
    traceIDs: params.getAll('traceID').filter((id) => id !== ''),
  };
}

/** The URL's query string; defaults and empty fields are left out, tags become JSON. */
export function encodeSearch(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_SEARCH) as (keyof SearchState)[]) {
    const value = state[key];
    if (Array.isArray(value)) {
      for (const id of value) params.append('traceID', id);
      continue;
    }
    if (value === '' || (key === 'sort' && value === DEFAULT_SEARCH.sort)) continue;
    if (key === 'tags') {
      const tags = parseLogfmt(value);
      params.set('tags', tags.ok ? JSON.stringify(tags.tags) : value);
    } else {
      params.set(key, value);
    }
  }
  return params;
}

/** Whether the URL asks for a search (a service, or given traces), not just the empty form. */
export const isSearch = (state: SearchState) => state.service !== '' || state.traceIDs.length > 0;

/** Fixes start and end (µs) from the lookback at `nowMs`, as Jaeger UI does on each search. */
export function withTimeRange(state: SearchState, nowMs: number): SearchState {
  const lookbackMs = LOOKBACKS[state.lookback];
  if (lookbackMs === undefined) return state;
  return { ...state, start: String((nowMs - lookbackMs) * 1000), end: String(nowMs * 1000) };
}

/** The GET /api/traces query for a search, or what is wrong with it. */
export function traceQuery(state: SearchState, nowMs: number): URLSearchParams | { error: string } {
  if (state.traceIDs.length > 0) {
    return new URLSearchParams(state.traceIDs.map((id): [string, string] => ['traceID', id]));
  }
  if (state.service === '') return { error: 'choose a service' };
  const tags = parseLogfmt(state.tags);
  if (!tags.ok) return { error: `tags: ${tags.error}` };
  const timed = state.start && state.end ? state : withTimeRange(state, nowMs);
  const params = new URLSearchParams({ service: state.service });
  if (state.operation) params.set('operation', state.operation);
  if (Object.keys(tags.tags).length > 0) params.set('tags', JSON.stringify(tags.tags));
  if (timed.start) params.set('start', timed.start);
  if (timed.end) params.set('end', timed.end);
  if (state.minDuration) params.set('minDuration', state.minDuration);
  if (state.maxDuration) params.set('maxDuration', state.maxDuration);
  params.set('limit', state.limit || DEFAULT_SEARCH.limit);
  return params;
}
