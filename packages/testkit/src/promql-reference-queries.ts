/**
 * The queries both engines answer in the differential test and the PromQL benchmark: the lab's
 * exercise queries, the dashboard's, and a broad list over rates, aggregations, vector matching,
 * classic histograms, subqueries and functions, on the data set of openMetricsDataset.
 */
export const LAB_QUERIES = [
  'app_requests_total',
  'rate(app_requests_total[5m])',
  'histogram_quantile(0.95, rate(app_request_duration_seconds_bucket[5m]))',
];

export const DASHBOARD_QUERIES = [
  'sum by (route) (rate(app_requests_total[5m]))',
  'histogram_quantile(0.95, sum by (le) (rate(app_request_duration_seconds_bucket[5m])))',
  'sum(rate(app_requests_total{status="500"}[5m])) / sum(rate(app_requests_total[5m]))',
  'sum(app_active_requests)',
];

export const MIXED_QUERIES = [
  'sum(rate(app_requests_total[1m]))',
  'sum without (method) (irate(app_requests_total[5m]))',
  'increase(app_requests_total{route="/api/r0"}[10m])',
  'delta(app_active_requests[10m])',
  'idelta(app_active_requests[5m])',
  'deriv(app_active_requests[10m])',
  'predict_linear(app_active_requests[10m], 600)',
  'resets(app_requests_total[30m])',
  'changes(app_active_requests[15m])',
  'avg_over_time(app_active_requests[10m])',
  'max_over_time(app_active_requests[10m])',
  'min_over_time(app_active_requests[10m])',
  'sum_over_time(app_active_requests[5m])',
  'count_over_time(app_active_requests[5m])',
  'stddev_over_time(app_active_requests[10m])',
  'quantile_over_time(0.9, app_active_requests[10m])',
  'last_over_time(app_active_requests[5m])',
  'topk(3, rate(app_requests_total[5m]))',
  'bottomk(2, sum by (route) (rate(app_requests_total[5m])))',
  'avg by (method) (rate(app_requests_total[5m]))',
  'max by (status) (rate(app_requests_total[5m]))',
  'count by (route) (app_requests_total)',
  'stddev by (route) (rate(app_requests_total[5m]))',
  'quantile by (method) (0.5, rate(app_requests_total[5m]))',
  'count_values("active", app_active_requests)',
  'group by (route) (app_requests_total)',
  'sum by (route) (rate(app_requests_total{status="500"}[5m])) / ignoring(status) sum by (route) (rate(app_requests_total[5m]))',
  'rate(app_requests_total{status="500"}[5m]) / on(route, method) group_left rate(app_requests_total{status="200"}[5m])',
  'sum by (route) (rate(app_request_duration_seconds_sum[5m])) / sum by (route) (rate(app_request_duration_seconds_count[5m]))',
  'histogram_quantile(0.5, sum by (route, le) (rate(app_request_duration_seconds_bucket[10m])))',
  'histogram_quantile(0.99, rate(app_request_duration_seconds_bucket[5m]))',
  'app_active_requests > 5',
  'app_active_requests > bool 5',
  'app_active_requests and on(route) app_request_duration_seconds_count',
  'app_active_requests unless on(route) app_active_requests{route="/api/r1"}',
  'app_active_requests{route=~"/api/r[01]"} or app_active_requests',
  // Subquery ranges that are not a multiple of their step: the subquery's points fall on whole
  // steps, and a window edge on one is counted by Prometheus 2 and not by Prometheus 3.
  'max_over_time(rate(app_requests_total[1m])[10m30s:1m])',
  'avg_over_time(sum(app_active_requests)[15m30s:1m])',
  'rate(app_requests_total[5m] offset 10m)',
  'abs(deriv(app_active_requests[5m]))',
  'clamp(app_active_requests, 2, 8)',
  'round(rate(app_requests_total[5m]), 0.5)',
  'ceil(rate(app_requests_total[5m])) - floor(rate(app_requests_total[5m]))',
  'sqrt(app_active_requests) + ln(app_active_requests + 1) * on() group_left exp(vector(0.1))',
  'label_replace(app_active_requests, "path", "$1", "route", "/api/(.*)")',
  'label_join(app_active_requests, "id", "-", "route", "route")',
  'sort_desc(sum by (route) (app_active_requests))',
  'absent(nonexistent_metric)',
  'absent_over_time(app_active_requests[5m])',
  'vector(1) + scalar(sum(app_active_requests))',
  'timestamp(app_active_requests)',
  'time() - timestamp(app_active_requests)',
  'hour(timestamp(app_active_requests))',
  '-app_active_requests ^ 2 % 7',
  'sum by (route) (app_active_requests) * on(route) group_right sum by (route, le) (rate(app_request_duration_seconds_bucket[5m]))',
];

/** Queries whose result order is part of the answer. */
export const ORDERED = new Set(['sort_desc(sum by (route) (app_active_requests))']);

/** Queries that rightly return nothing on this data; every other one must return data. */
export const EMPTY = new Set(['absent_over_time(app_active_requests[5m])']);
