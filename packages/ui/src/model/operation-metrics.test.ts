import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMetricsState } from './metrics/url-state.js';
import { operationMetricLinks, promqlString } from './operation-metrics.js';

test('label values become PromQL strings, quotes and backslashes escaped', () => {
  assert.equal(promqlString('POST /api/orders'), '"POST /api/orders"');
  assert.equal(promqlString('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
});

test("an operation's links open the explorer on its span metrics", () => {
  const [rate, latency] = operationMetricLinks('demo-app', 'POST /api/orders');
  assert.ok(rate?.href.startsWith('/query?'));
  assert.equal(
    decodeMetricsState(rate?.href.slice('/query'.length) ?? '').query,
    'sum by (status_code) (rate(traces_span_metrics_calls_total{service_name="demo-app", span_name="POST /api/orders"}[5m]))',
  );
  assert.match(
    decodeMetricsState(latency?.href.slice('/query'.length) ?? '').query,
    /^histogram_quantile\(0\.95, sum by \(le\) \(rate\(traces_span_metrics_duration_seconds_bucket\{service_name="demo-app", span_name="POST \/api\/orders"\}\[5m\]\)\)\)$/,
  );
});
