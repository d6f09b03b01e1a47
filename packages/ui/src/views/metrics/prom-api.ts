import { apiErrorMessage } from '../../model/api-error.js';
import type { ExemplarSet } from '../../model/exemplars.js';
import type { HistogramJson, HistogramMatrixSeries } from '../../model/heatmap/native-heatmap.js';

/** The Prometheus HTTP API's envelope; an error is shown as the API wrote it (with its position). */
interface Envelope<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
  errorType?: string;
  warnings?: string[];
  infos?: string[];
}

export class PromError extends Error {}

export interface Answer<T> {
  data: T;
  warnings: string[];
}

async function getProm<T>(path: string, signal?: AbortSignal): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new PromError(`cannot reach the backend: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: Envelope<T>;
  try {
    body = JSON.parse(text) as Envelope<T>;
  } catch {
    throw new PromError(apiErrorMessage(response.status, response.statusText, text));
  }
  if (!response.ok || body.status !== 'success') {
    throw new PromError(
      body.error
        ? `${body.errorType ? `${body.errorType}: ` : ''}${body.error}`
        : apiErrorMessage(response.status, response.statusText, text),
    );
  }
  return { data: body.data, warnings: [...(body.warnings ?? []), ...(body.infos ?? [])] };
}

/** A float sample has `value`, a native histogram sample `histogram` (Prometheus 3). */
export interface VectorSample {
  metric: Record<string, string>;
  value?: [number, string];
  histogram?: [number, HistogramJson];
}

/** Range series: floats in `values`, native histograms in `histograms`. */
export type MatrixResult = HistogramMatrixSeries[];

export type InstantResult =
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'matrix'; result: MatrixResult }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

export const queryRange = (params: URLSearchParams, signal?: AbortSignal) =>
  getProm<{ resultType: 'matrix'; result: MatrixResult }>(`/api/v1/query_range?${params}`, signal);

export const queryInstant = (query: string, time: number, signal?: AbortSignal) =>
  getProm<InstantResult>(
    `/api/v1/query?${new URLSearchParams({ query, time: String(time) })}`,
    signal,
  );

/** The exemplars of the series a query selects, between start and end (seconds). */
export const queryExemplars = (query: string, start: number, end: number, signal?: AbortSignal) =>
  getProm<ExemplarSet[] | null>(
    `/api/v1/query_exemplars?${new URLSearchParams({ query, start: String(start), end: String(end) })}`,
    signal,
  );

export interface MetricInfo {
  name: string;
  type: string;
  help: string;
}

/** Every metric name with its type and help, names from label values and help from metadata. */
export async function fetchMetricInfos(signal?: AbortSignal): Promise<MetricInfo[]> {
  const [names, metadata] = await Promise.all([
    getProm<string[]>('/api/v1/label/__name__/values', signal),
    getProm<Record<string, { type?: string; help?: string }[]>>('/api/v1/metadata', signal).catch(
      (): Answer<Record<string, { type?: string; help?: string }[]>> => ({
        data: {},
        warnings: [],
      }),
    ),
  ]);
  const all = new Set([...names.data, ...Object.keys(metadata.data)]);
  return [...all].sort().map((name) => {
    const meta = metadata.data[name]?.[0];
    return { name, type: meta?.type ?? '', help: meta?.help ?? '' };
  });
}

/** The label names a metric's series carry (without __name__). */
export async function fetchMetricLabels(metric: string, signal?: AbortSignal): Promise<string[]> {
  const match = new URLSearchParams({ 'match[]': `{__name__=${JSON.stringify(metric)}}` });
  const answer = await getProm<string[]>(`/api/v1/labels?${match}`, signal);
  return answer.data.filter((name) => name !== '__name__');
}
