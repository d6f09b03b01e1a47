/**
 * bench:rules' rule file: one group of 100 recording rules and 20 alerting rules over
 * openMetricsDataset's families, the kinds a team writes over request metrics: rates and sums by
 * label, error ratios, histogram quantiles and means, gauge averages, alerts on thresholds with
 * `for`. Each kind comes at five windows; later rules read earlier ones' output, as in the lab's
 * own rules (infrastructure/rules/lab.rules.yml), so evaluation order matters.
 */

/** The windows every kind of rule comes at. */
export const BENCH_WINDOWS = ['5m', '10m', '15m', '30m', '1h'] as const;

/** The group's name, as both Prometheus and our evaluator report it. */
export const BENCH_GROUP = 'bench';

interface RecordingKind {
  /** The recorded name with `W` where the window goes. */
  record: string;
  /** The expression with `W` where the window goes. */
  expr: string;
}

interface AlertKind {
  alert: string;
  expr: string;
  for: string;
  severity: string;
  summary: string;
}

const RATE = 'rate(app_requests_total[W])';
const ERRORS = 'rate(app_requests_total{status="500"}[W])';
const BUCKETS = 'rate(app_request_duration_seconds_bucket[W])';

const RECORDING: readonly RecordingKind[] = [
  { record: 'route:app_requests:rateW', expr: `sum by (route) (${RATE})` },
  { record: 'route_method:app_requests:rateW', expr: `sum by (route, method) (${RATE})` },
  { record: 'route_status:app_requests:rateW', expr: `sum by (route, status) (${RATE})` },
  { record: 'status:app_requests:rateW', expr: `sum by (status) (${RATE})` },
  { record: 'route:app_requests_errors:rateW', expr: `sum by (route) (${ERRORS})` },
  {
    record: 'route:app_requests_errors:ratio_rateW',
    expr: 'route:app_requests_errors:rateW / route:app_requests:rateW',
  },
  { record: 'job:app_requests:rateW', expr: 'sum(route:app_requests:rateW)' },
  {
    record: 'job:app_requests_errors:ratio_rateW',
    expr: `sum(${ERRORS}) / sum(${RATE})`,
  },
  {
    record: 'method:app_requests_errors:ratio_rateW',
    expr: `sum by (method) (${ERRORS}) / sum by (method) (${RATE})`,
  },
  {
    record: 'route:app_requests:increaseW',
    expr: 'sum by (route) (increase(app_requests_total[W]))',
  },
  {
    record: 'route_le:app_request_duration_seconds_bucket:rateW',
    expr: `sum by (route, le) (${BUCKETS})`,
  },
  {
    record: 'route:app_request_duration_seconds:p50_rateW',
    expr: 'histogram_quantile(0.5, route_le:app_request_duration_seconds_bucket:rateW)',
  },
  {
    record: 'route:app_request_duration_seconds:p95_rateW',
    expr: 'histogram_quantile(0.95, route_le:app_request_duration_seconds_bucket:rateW)',
  },
  {
    record: 'route:app_request_duration_seconds:p99_rateW',
    expr: `histogram_quantile(0.99, sum by (route, le) (${BUCKETS}))`,
  },
  {
    record: 'job:app_request_duration_seconds:p95_rateW',
    expr: `histogram_quantile(0.95, sum by (le) (${BUCKETS}))`,
  },
  {
    record: 'route:app_request_duration_seconds:mean_rateW',
    expr: 'sum by (route) (rate(app_request_duration_seconds_sum[W])) / sum by (route) (rate(app_request_duration_seconds_count[W]))',
  },
  {
    record: 'route:app_request_duration_seconds:under_250ms_ratio_rateW',
    expr: 'sum by (route) (rate(app_request_duration_seconds_bucket{le="0.25"}[W])) / sum by (route) (rate(app_request_duration_seconds_count[W]))',
  },
  { record: 'route:app_active_requests:avgW', expr: 'avg_over_time(app_active_requests[W])' },
  { record: 'route:app_active_requests:maxW', expr: 'max_over_time(app_active_requests[W])' },
  {
    record: 'job:app_active_requests:sum_avgW',
    expr: 'sum(route:app_active_requests:avgW)',
  },
];

/**
 * Thresholds no value of the data set lands on exactly (an average of whole counts, a bucket
 * bound): engines may round such a value apart in the last bit (Prometheus 2.42's avg_over_time
 * is an incremental mean), and the two sides would then hold different alerts.
 */
const ALERTS: readonly AlertKind[] = [
  {
    alert: 'AppLatencyP95HighW',
    expr: 'route:app_request_duration_seconds:p95_rateW > 0.4321',
    for: '2m',
    severity: 'warning',
    summary: 'p95 latency of {{ $labels.route }} is {{ $value | humanizeDuration }} over W',
  },
  {
    alert: 'AppErrorRatioHighW',
    expr: 'route:app_requests_errors:ratio_rateW > 0.0521',
    for: '2m',
    severity: 'critical',
    summary: '{{ $labels.route }} fails {{ $value | humanizePercentage }} of its requests over W',
  },
  {
    alert: 'AppBusyW',
    expr: 'route:app_active_requests:avgW > 5.4321',
    for: '10s',
    severity: 'info',
    summary:
      '{{ $labels.route }} has {{ printf "%.1f" $value }} requests in flight on average over W',
  },
  {
    alert: 'AppErrorBudgetBurnW',
    expr: 'job:app_requests_errors:ratio_rateW > 0.0211 and job:app_requests_errors:ratio_rate5m > 0.0211',
    for: '0s',
    severity: 'critical',
    summary: 'errors burn the budget: {{ $value | humanize }} of requests fail over W',
  },
];

/** The series the group's first rule records: every evaluation writes it. */
export const FIRST_RECORD = 'route:app_requests:rate5m';

/** A window in a name: `5m` → `5m`, as the level:metric:operations convention writes them. */
const fill = (text: string, window: string) => text.replaceAll('W', window);
/** Alert names are metric names, and only the window's digits and unit go in. */
const fillAlert = (text: string, window: string) => text.replaceAll(/W$/g, `Over${window}`);

/** JSON strings are YAML double-quoted scalars: expressions keep their quotes and braces. */
const quoted = (text: string) => JSON.stringify(text);

export interface BenchRuleFile {
  yaml: string;
  recording: number;
  alerting: number;
}

/** The rule file, its group evaluated every `interval` (a Prometheus duration). */
export function benchRuleFile(interval: string): BenchRuleFile {
  const lines = ['groups:', `  - name: ${BENCH_GROUP}`, `    interval: ${interval}`, '    rules:'];
  let recording = 0;
  let alerting = 0;
  for (const window of BENCH_WINDOWS) {
    for (const kind of RECORDING) {
      lines.push(
        `      - record: ${fill(kind.record, window)}`,
        `        expr: ${quoted(fill(kind.expr, window))}`,
      );
      recording++;
    }
    for (const kind of ALERTS) {
      lines.push(
        `      - alert: ${fillAlert(kind.alert, window)}`,
        `        expr: ${quoted(fill(kind.expr, window))}`,
        `        for: ${kind.for}`,
        '        labels:',
        `          severity: ${kind.severity}`,
        '        annotations:',
        `          summary: ${quoted(fill(kind.summary, window))}`,
      );
      alerting++;
    }
  }
  return { yaml: `${lines.join('\n')}\n`, recording, alerting };
}

const WINDOW_SUFFIX = new RegExp(`(?:Over)?(?:${BENCH_WINDOWS.join('|')})$`);

/** A rule's kind: its name without the window, so the five windows of a kind add up. */
export const ruleKindOf = (name: string) => name.replace(WINDOW_SUFFIX, '');
