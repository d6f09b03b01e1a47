import assert from 'node:assert/strict';
import { test } from 'node:test';
import { otlpLabelName } from './otlp-label-name.js';
import { type OtlpNameKind, otlpMetricName, otlpUnitName } from './otlp-metric-name.js';

// Rows follow the behaviour of prometheus/otlptranslator's MetricNamer with suffixes and escaping.
const names: [string, string, OtlpNameKind, string][] = [
  ['http.server.request.duration', 's', 'other', 'http_server_request_duration_seconds'],
  ['requests.count', '1', 'monotonic-counter', 'requests_count_total'],
  ['memory.usage', 'By', 'gauge', 'memory_usage_bytes'],
  ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio'],
  ['utilization_ratio', '1', 'gauge', 'utilization_ratio'],
  ['network.io', 'By/s', 'gauge', 'network_io_bytes_per_second'],
  ['throughput', '{requests}/s', 'gauge', 'throughput_per_second'],
  ['active.requests', '{request}', 'gauge', 'active_requests'],
  ['app_requests_total', '', 'monotonic-counter', 'app_requests_total'],
  ['app.requests.total.count', '', 'monotonic-counter', 'app_requests_count_total'],
  ['latency_seconds', 's', 'other', 'latency_seconds'],
  ['temp', 'Cel', 'gauge', 'temp_celsius'],
  ['queue', 'widgets', 'gauge', 'queue_widgets'],
  ['odd', 'm/mo', 'gauge', 'odd_meters_per_month'],
  ['a__b--c', '', 'gauge', 'a_b_c'],
  ['2xx.responses', '', 'monotonic-counter', '_2xx_responses_total'],
  ['job:rate', '', 'gauge', 'job:rate'],
  ['süß', 'ms', 'gauge', 's_milliseconds'],
  ['disk', 'KiBy', 'other', 'disk_kibibytes'],
  ['up.down', '1', 'other', 'up_down'],
  // Units named like Object properties are units like any other, not the prototype's.
  ['odd', 'constructor', 'gauge', 'odd_constructor'],
  ['odd', 'toString/valueOf', 'gauge', 'odd_toString_per_valueOf'],
];
for (const [name, unit, kind, expected] of names) {
  test(`${name} [${unit}] ${kind} → ${expected}`, () => {
    assert.deepEqual(otlpMetricName(name, unit, kind), { name: expected });
  });
}

test('a name with nothing usable is an error', () => {
  assert.deepEqual(otlpMetricName('...', '', 'gauge'), {
    error: 'normalization for metric "..." resulted in empty name',
  });
});

const units: [string, string][] = [
  ['s', 'seconds'],
  ['By/s', 'bytes_per_second'],
  ['1', ''],
  ['{request}', ''],
  ['%', 'percent'],
  ['m/s', 'meters_per_second'],
];
for (const [unit, expected] of units) {
  test(`unit ${unit} → ${JSON.stringify(expected)}`, () =>
    assert.equal(otlpUnitName(unit), expected));
}

const labels: [string, string | undefined][] = [
  ['http.method', 'http_method'],
  ['http.response.status_code', 'http_response_status_code'],
  ['a..b', 'a__b'],
  ['123invalid', 'key_123invalid'],
  ['_private', 'key_private'],
  ['__reserved__', '__reserved__'],
  ['ünïcode', 'key_n_code'],
  ['', undefined],
  ['___', undefined],
];
for (const [key, expected] of labels) {
  test(`label ${JSON.stringify(key)} → ${String(expected)}`, () => {
    assert.equal(otlpLabelName(key), expected);
  });
}
