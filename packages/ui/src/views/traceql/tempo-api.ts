import { apiErrorMessage } from '../../model/api-error.js';
import type { TempoSearch } from '../../model/traceql/search-results.js';

/** An answer of this backend's Tempo API: its errors are Tempo's plain-text messages. */
export class TempoError extends Error {}

async function getTempo<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new TempoError(`cannot reach the backend: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new TempoError(apiErrorMessage(response.status, '', text));
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new TempoError(`${path.split('?')[0]} answered something that is not JSON`);
  }
}

/** /api/search with the mode's parameters (model/traceql/url-state.ts searchParams). */
export const searchTraceql = (params: URLSearchParams, signal?: AbortSignal) =>
  getTempo<TempoSearch>(`/api/search?${params}`, signal);

export interface TagScopes {
  span: string[];
  resource: string[];
  intrinsic: string[];
}

const windowParams = (start: number, end: number) =>
  new URLSearchParams({ start: String(start), end: String(end) });

/** Attribute names by scope seen in [start, end] (seconds), from /api/v2/search/tags. */
export async function fetchTagScopes(start: number, end: number): Promise<TagScopes> {
  const body = await getTempo<{ scopes?: { name: string; tags?: string[] }[] }>(
    `/api/v2/search/tags?${windowParams(start, end)}`,
  );
  const scope = (name: string) => body.scopes?.find((s) => s.name === name)?.tags ?? [];
  return { span: scope('span'), resource: scope('resource'), intrinsic: scope('intrinsic') };
}

export interface TagValue {
  /** string, int, float, bool, duration, status, kind or keyword. */
  type: string;
  value: string;
}

/**
 * A scoped name's values (`resource.service.name`, `.http.route`, `status`) in [start, end],
 * narrowed to the spans a TraceQL filter `q` selects when given.
 */
export async function fetchTagValues(
  name: string,
  start: number,
  end: number,
  q?: string,
): Promise<TagValue[]> {
  const params = windowParams(start, end);
  if (q) params.set('q', q);
  const path = `/api/v2/search/tag/${encodeURIComponent(name)}/values?${params}`;
  return (await getTempo<{ tagValues?: TagValue[] }>(path)).tagValues ?? [];
}
