import { DEFAULT_STATE, encodeMetricsState } from './metrics/url-state.js';

/** A label value as a PromQL double-quoted string: backslashes and quotes escaped. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export interface OperationLink {
  label: string;
  href: string;
}

/**
 * The metrics explorer on an operation's rate and errors, and its latency, from the span metrics
 * the backend derives (named as the Collector's spanmetrics connector names them).
 */
export function operationMetricLinks(service: string, operation: string): OperationLink[] {
  const selector = `service_name=${promqlString(service)}, span_name=${promqlString(operation)}`;
  const explore = (query: string) => `/query${encodeMetricsState({ ...DEFAULT_STATE, query })}`;
  return [
    {
      label: 'Request rate and errors',
      href: explore(
        `sum by (status_code) (rate(traces_span_metrics_calls_total{${selector}}[5m]))`,
      ),
    },
    {
      label: 'Latency p95',
      href: explore(
        `histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{${selector}}[5m])))`,
      ),
    },
  ];
}
