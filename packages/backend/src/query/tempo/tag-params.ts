import { TempoError } from './tempo-error.js';
import { parseTraceWindow } from './tempo-range.js';

/** The most tag names, and values, one answer holds (`limit` asks for fewer). */
export const MAX_TAG_ITEMS = 1_000;
/** Without `start`, the last hour: like Tempo, which then searches only its recent data. */
export const DEFAULT_TAG_WINDOW_NS = 3_600_000_000_000n;
/** The longest window a tag request may read: Tempo's default search `max_duration`, 168h. */
export const MAX_TAG_WINDOW_NS = 168n * 3_600_000_000_000n;

export type TagScope = 'span' | 'resource' | 'intrinsic' | 'event' | 'link' | 'instrumentation';
const SCOPES: readonly TagScope[] = [
  'span',
  'resource',
  'intrinsic',
  'event',
  'link',
  'instrumentation',
];

/** What a tag request asks: a window in ns, a cap, an optional scope, the raw `q`. */
export interface TagRequest {
  startNs: bigint;
  endNs: bigint;
  limit: number;
  scope?: TagScope;
  q?: string;
}

function limitOf(text: string | null): number {
  if (text === null || text === '' || text === '0') return MAX_TAG_ITEMS;
  if (!/^\d{1,9}$/.test(text)) {
    throw new TempoError(400, `invalid limit: ${JSON.stringify(text)} is not a positive integer`);
  }
  return Math.min(Number(text), MAX_TAG_ITEMS);
}

function scopeOf(text: string | null): TagScope | undefined {
  if (text === null || text === '' || text === 'all') return undefined;
  const scope = SCOPES.find((known) => known === text);
  if (scope === undefined) {
    throw new TempoError(
      400,
      `invalid scope: ${JSON.stringify(text)}; one of ${SCOPES.join(', ')}`,
    );
  }
  return scope;
}

/** `start`, `end` (Unix seconds), `limit`, `scope` and `q`; 400 for any that is malformed. */
export function parseTagRequest(query: URLSearchParams, nowNs: bigint): TagRequest {
  const window = parseTraceWindow(query);
  const endNs = window.endNs ?? nowNs;
  const startNs = window.startNs ?? endNs - DEFAULT_TAG_WINDOW_NS;
  if (endNs < startNs) throw new TempoError(400, 'invalid start and end: end is before start');
  if (endNs - startNs > MAX_TAG_WINDOW_NS) {
    throw new TempoError(
      400,
      `range specified by start and end exceeds 168h0m0s. received start=${startNs / 1_000_000_000n} end=${endNs / 1_000_000_000n}`,
    );
  }
  const q = query.get('q') ?? undefined;
  return {
    startNs,
    endNs,
    limit: limitOf(query.get('limit')),
    scope: scopeOf(query.get('scope')),
    q: q === '' ? undefined : q,
  };
}
