import { getJson } from '../../api/client.js';
import type { Dashboard, DashboardEntry } from '../../model/dashboards/grafana-types.js';
import type { ExemplarSet } from '../../model/exemplars.js';
import type { HistogramJson } from '../../model/heatmap/native-heatmap.js';
import type { JaegerTrace } from '../../model/jaeger-types.js';

// The dashboards view's server calls: dashboards, the Prometheus API and Jaeger's trace search.

export async function fetchDashboards(signal?: AbortSignal) {
  return getJson<{ dir: string; dashboards: DashboardEntry[] }>('/api/dashboards', signal);
}

export async function fetchDashboard(uid: string, signal?: AbortSignal): Promise<Dashboard> {
  return getJson<Dashboard>(`/api/dashboards/${encodeURIComponent(uid)}`, signal);
}

export interface PromSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
  /** Native histograms (Prometheus 3), for the heatmap panel. */
  histograms?: [number, HistogramJson][];
}

interface PromEnvelope<T> {
  status: string;
  data: T;
  warnings?: string[];
}

export async function queryRange(
  expr: string,
  start: number,
  end: number,
  step: number,
  signal?: AbortSignal,
): Promise<{ series: PromSeries[]; warnings: string[] }> {
  const query = new URLSearchParams({
    query: expr,
    start: String(start),
    end: String(end),
    step: String(step),
  });
  const answer = await getJson<PromEnvelope<{ resultType: string; result: PromSeries[] }>>(
    `/api/v1/query_range?${query}`,
    signal,
  );
  const result = answer.data?.result ?? [];
  // A scalar answer is one series without labels.
  const series =
    answer.data?.resultType === 'scalar'
      ? [{ metric: {}, values: [result as unknown as [number, string]] }]
      : result;
  return { series, warnings: answer.warnings ?? [] };
}

export async function labelValues(
  label: string,
  match: string,
  start: number,
  end: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const query = new URLSearchParams({ start: String(start), end: String(end) });
  if (match) query.append('match[]', match);
  const path = `/api/v1/label/${encodeURIComponent(label)}/values?${query}`;
  return (await getJson<PromEnvelope<string[]>>(path, signal)).data ?? [];
}

export async function queryExemplars(
  expr: string,
  start: number,
  end: number,
  signal?: AbortSignal,
): Promise<ExemplarSet[]> {
  const query = new URLSearchParams({ query: expr, start: String(start), end: String(end) });
  return (
    (await getJson<PromEnvelope<ExemplarSet[]>>(`/api/v1/query_exemplars?${query}`, signal)).data ??
    []
  );
}

export async function searchTraces(
  service: string,
  limit: number,
  start: number,
  end: number,
  signal?: AbortSignal,
): Promise<JaegerTrace[]> {
  const query = new URLSearchParams({
    service,
    limit: String(limit),
    start: String(Math.floor(start * 1e6)),
    end: String(Math.ceil(end * 1e6)),
  });
  return (await getJson<{ data: JaegerTrace[] | null }>(`/api/traces?${query}`, signal)).data ?? [];
}
