import { apiErrorMessage } from '../../model/api-error.js';
import type { LokiStream } from '../../model/logql/log-entries.js';
import type { MatrixSeries } from '../../model/metrics/plot-data.js';

/** An answer of this backend's Loki API: its error is Loki's plain-text message, shown as it is. */
export class LokiError extends Error {}

export type QueryData =
  | { resultType: 'streams'; result: LokiStream[] }
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'vector' | 'scalar'; result: unknown };

/** Grafana's way: index labels in `stream`, metadata and parsed labels beside each line. */
const CATEGORIZE = { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' };

async function getLoki<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      signal,
      headers: { accept: 'application/json', ...CATEGORIZE },
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new LokiError(`cannot reach the backend: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new LokiError(apiErrorMessage(response.status, '', text));
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LokiError(`${path.split('?')[0]} answered something that is not JSON`);
  }
}

export interface RangeParams {
  query: string;
  /** Epoch seconds. */
  start: number;
  end: number;
  /** Seconds, for a metric query. */
  step?: number;
  /** Lines, for a log query. */
  limit?: number;
}

export async function queryRange(params: RangeParams, signal?: AbortSignal): Promise<QueryData> {
  const search = new URLSearchParams({
    query: params.query,
    start: String(params.start),
    end: String(params.end),
  });
  if (params.step !== undefined) search.set('step', String(params.step));
  if (params.limit !== undefined) {
    search.set('limit', String(params.limit));
    search.set('direction', 'backward');
  }
  const body = await getLoki<{ data: QueryData }>(`/loki/api/v1/query_range?${search}`, signal);
  return body.data;
}

/** Index label names seen in [start, end] (seconds). */
export async function fetchLabels(start: number, end: number): Promise<string[]> {
  const search = new URLSearchParams({ start: String(start), end: String(end) });
  return (await getLoki<{ data?: string[] }>(`/loki/api/v1/labels?${search}`)).data ?? [];
}

/** A label's values seen in [start, end] (seconds). */
export async function fetchLabelValues(
  name: string,
  start: number,
  end: number,
): Promise<string[]> {
  const search = new URLSearchParams({ start: String(start), end: String(end) });
  const path = `/loki/api/v1/label/${encodeURIComponent(name)}/values?${search}`;
  return (await getLoki<{ data?: string[] }>(path)).data ?? [];
}
