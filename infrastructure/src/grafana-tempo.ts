import { children, type Expr, parseExpr } from '@otel-lab/promql';
import { asArray, asRecord } from './stack-files.js';

/**
 * The series Grafana's Tempo service map and node graph read from the data source named in
 * serviceMap.datasourceUid (Grafana's documented service graph metrics): the request and
 * failure counters and the server-side latency histogram.
 */
export const SERVICE_MAP_METRICS = [
  'traces_service_graph_request_total',
  'traces_service_graph_request_failed_total',
  'traces_service_graph_request_server_seconds_bucket',
  'traces_service_graph_request_server_seconds_sum',
  'traces_service_graph_request_server_seconds_count',
];

/** The metric names a PromQL query selects, in the order they appear. */
export function promqlMetricNames(query: string): string[] {
  const names: string[] = [];
  const walk = (expr: Expr) => {
    if (expr.kind === 'vectorSelector' && expr.name !== undefined) names.push(expr.name);
    for (const child of children(expr)) walk(child);
  };
  walk(parseExpr(query));
  return names;
}

/** A trace data source's trace-to-metrics queries: name and raw (provisioned) query text. */
export function tracesToMetricsQueries(source: Record<string, unknown> | undefined) {
  const toMetrics = asRecord(asRecord(source?.jsonData).tracesToMetrics);
  return asArray(toMetrics.queries)
    .map(asRecord)
    .map((entry) => ({ name: String(entry.name), query: String(entry.query) }));
}
