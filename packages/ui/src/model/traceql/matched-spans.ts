import { tracePath } from '../routes.js';

/** A span id as the trace view keys it (16 lower-case hex digits), or null if it is not one. */
function spanId(text: string): string | null {
  const id = text.trim();
  if (!/^[0-9a-fA-F]{1,16}$/.test(id) || /^0+$/.test(id)) return null;
  return id.toLowerCase().padStart(16, '0');
}

const spanIds = (texts: readonly string[]) =>
  [...new Set(texts.map(spanId))].filter((id): id is string => id !== null);

/**
 * The trace page with the spans a TraceQL query matched: `/trace/{id}?match=a1…,b2…`. The ids
 * are checked and written in one parameter, so a long list stays a short URL.
 */
export function matchedTracePath(traceId: string, ids: readonly string[]): string {
  const matched = spanIds(ids);
  return matched.length === 0 ? tracePath(traceId) : `${tracePath(traceId)}?match=${matched}`;
}

/** The matched span ids in the trace page's URL; anything that is not a span id is dropped. */
export function decodeMatches(params: URLSearchParams): ReadonlySet<string> {
  return new Set(spanIds((params.get('match') ?? '').split(',')));
}
