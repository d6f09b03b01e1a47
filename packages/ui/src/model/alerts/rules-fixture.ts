import type { PromAlert, RulesData } from './rules-types.js';

/** Markup in telemetry: the page must show it as text, never run it. */
export const XSS = '<img src=x onerror=window.__xss=1>';

/** Go's zero time: what Prometheus answers for a rule never evaluated yet. */
const NEVER = '0001-01-01T00:00:00Z';

/**
 * An /api/v1/rules answer in Prometheus 3's shape, the lab's rules half way through the alerting
 * exercise: the error ratio firing, latency pending, a target healthy; and a second file with a
 * rule that fails and one not evaluated yet. Times are relative to `nowMs`; `markup` (XSS) is put
 * in an annotation, a label and an error, as any exporter or rule file could.
 */
export function rulesFixture(nowMs: number, markup = ''): RulesData {
  const ago = (ms: number) => new Date(nowMs - ms).toISOString();
  const errorAlert: PromAlert = {
    labels: { alertname: 'DemoAppHighErrorRatio', job: 'demo-app', severity: 'critical' },
    annotations: {
      summary: 'demo-app fails 31.2% of its requests',
      description: `Failed payments make orders fail: look at the error traces.${markup}`,
    },
    state: 'firing',
    value: '3.12e-01',
    activeAt: ago(200_000),
  };
  const latencyAlert: PromAlert = {
    labels: {
      alertname: 'DemoAppHighLatency',
      endpoint: '/api/orders',
      job: 'demo-app',
      severity: 'warning',
    },
    annotations: { summary: 'demo-app /api/orders is slow: p95 612ms' },
    state: 'pending',
    value: '6.12e-01',
    activeAt: ago(45_000),
  };
  const lastEvaluation = ago(4_000);
  return {
    groups: [
      {
        name: 'demo-app',
        file: 'infrastructure/rules/lab.rules.yml',
        interval: 15,
        limit: 0,
        evaluationTime: 0.0042,
        lastEvaluation,
        rules: [
          {
            type: 'recording',
            name: 'endpoint:app_requests:rate5m',
            query: 'sum by (endpoint) (rate(app_requests_total{job="demo-app"}[5m]))',
            labels: {},
            health: 'ok',
            evaluationTime: 0.0011,
            lastEvaluation,
          },
          {
            type: 'alerting',
            name: 'DemoAppHighLatency',
            query: 'endpoint:app_request_duration_seconds:p95_rate5m > 0.5',
            duration: 120,
            keepFiringFor: 0,
            labels: { severity: 'warning' },
            annotations: { summary: 'demo-app {{ $labels.endpoint }} is slow' },
            alerts: [latencyAlert],
            health: 'ok',
            state: 'pending',
            evaluationTime: 0.0008,
            lastEvaluation,
          },
          {
            type: 'alerting',
            name: 'DemoAppHighErrorRatio',
            query: 'job:app_requests_errors:ratio_rate5m > 0.05',
            duration: 120,
            keepFiringFor: 0,
            labels: { severity: 'critical' },
            annotations: { summary: 'demo-app fails {{ $value | humanizePercentage }}' },
            alerts: [errorAlert],
            health: 'ok',
            state: 'firing',
            evaluationTime: 0.0009,
            lastEvaluation,
          },
        ],
      },
      {
        name: 'scrape-targets',
        file: 'infrastructure/rules/lab.rules.yml',
        interval: 15,
        limit: 0,
        evaluationTime: 0.0003,
        lastEvaluation: ago(9_000),
        rules: [
          {
            type: 'alerting',
            name: 'ScrapeTargetDown',
            query: 'up == 0',
            duration: 60,
            keepFiringFor: 0,
            labels: { severity: 'critical' },
            annotations: {},
            alerts: [],
            health: 'ok',
            state: 'inactive',
            evaluationTime: 0.0002,
            lastEvaluation: ago(9_000),
          },
        ],
      },
      {
        name: 'experiments',
        file: '/etc/otel-lab/rules/experiments.yml',
        interval: 60,
        limit: 0,
        evaluationTime: 0.0005,
        lastEvaluation: ago(30_000),
        rules: [
          {
            type: 'recording',
            name: 'instance:cpu:ratio',
            query: 'rate(process_cpu_seconds_total[1m]) / on (job) group_left up',
            labels: markup ? { team: markup } : { team: 'lab' },
            health: 'err',
            lastError: `found duplicate series for the match group {job="demo-app"}${markup}`,
            evaluationTime: 0.0004,
            lastEvaluation: ago(30_000),
          },
          {
            type: 'alerting',
            name: 'PaymentsStalled',
            query: 'rate(payments_total[5m]) == 0',
            duration: 300,
            keepFiringFor: 600,
            labels: {},
            annotations: {},
            alerts: [],
            health: 'unknown',
            state: 'unknown',
            evaluationTime: 0,
            lastEvaluation: NEVER,
          },
        ],
      },
    ],
  };
}

/** The /api/v1/alerts answer that goes with the rules above. */
export function alertsFixture(nowMs: number, markup = ''): PromAlert[] {
  return rulesFixture(nowMs, markup).groups.flatMap((group) =>
    group.rules.flatMap((rule) => (rule.type === 'alerting' ? (rule.alerts ?? []) : [])),
  );
}
