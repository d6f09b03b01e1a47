import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  type Decoded,
  decodeMetricsJson,
  decodeMetricsProtobuf,
  type MetricData,
  OtlpDecodeError,
} from './index.js';

/** Real metrics from the SDK: a counter, a gauge, a histogram and an exponential histogram. */
async function sdkMetrics(): Promise<ResourceMetrics> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop' }),
    readers: [reader],
    views: [
      {
        instrumentName: 'latency.exp',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      },
    ],
  });
  const meter = provider.getMeter('shop-meter', '0.1.0');
  meter.createCounter('requests', { unit: '1', description: 'Requests' }).add(3, { route: '/a' });
  meter.createGauge('temperature', { unit: 'Cel' }).record(21.5);
  const histogram = meter.createHistogram('latency', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.1, 1] },
  });
  for (const value of [0.05, 0.5, 2]) histogram.record(value);
  const exponential = meter.createHistogram('latency.exp', { unit: 's' });
  for (const value of [1, 2, 4]) exponential.record(value);
  await reader.forceFlush();
  const [metrics] = exporter.getMetrics();
  await provider.shutdown();
  assert.ok(metrics);
  return metrics;
}

function check(decoded: Decoded<MetricData>) {
  assert.equal(decoded.rejected, 0);
  const byName = new Map(decoded.items.map((metric) => [metric.name, metric]));
  const requests = byName.get('requests');
  assert.equal(requests?.type, 'sum');
  if (requests?.type === 'sum') {
    assert.equal(requests.monotonic, true);
    assert.equal(requests.temporality, 2);
    assert.equal(requests.points[0]?.value, 3);
    assert.equal(requests.unit, '1');
    assert.deepEqual(requests.points[0]?.attributes, [
      { key: 'route', value: { type: 'string', value: '/a' } },
    ]);
  }
  const temperature = byName.get('temperature');
  assert.equal(temperature?.type, 'gauge');
  if (temperature?.type === 'gauge') assert.equal(temperature.points[0]?.value, 21.5);
  const latency = byName.get('latency');
  assert.equal(latency?.type, 'histogram');
  if (latency?.type === 'histogram') {
    const [point] = latency.points;
    assert.equal(point?.count, 3n);
    assert.equal(point?.sum, 2.55);
    assert.deepEqual(point?.explicitBounds, [0.1, 1]);
    assert.deepEqual(point?.bucketCounts, [1n, 1n, 1n]);
    assert.equal(point?.min, 0.05);
    assert.equal(point?.max, 2);
  }
  const exponential = byName.get('latency.exp');
  assert.equal(exponential?.type, 'exponentialHistogram');
  if (exponential?.type === 'exponentialHistogram') {
    const [point] = exponential.points;
    assert.equal(point?.count, 3n);
    assert.equal(point?.sum, 7);
    const total = (point?.positive.bucketCounts ?? []).reduce((sum, count) => sum + count, 0n);
    assert.equal(total, 3n);
  }
  assert.equal(requests?.scope.name, 'shop-meter');
}

describe('metrics from the official OpenTelemetry JS serializers', () => {
  test('protobuf', async () => {
    const bytes = ProtobufMetricsSerializer.serializeRequest(await sdkMetrics());
    assert.ok(bytes);
    check(decodeMetricsProtobuf(bytes));
  });
  test('JSON', async () => {
    const bytes = JsonMetricsSerializer.serializeRequest(await sdkMetrics());
    assert.ok(bytes);
    check(decodeMetricsJson(bytes));
  });
});

describe("the specification's metrics.json example", () => {
  const file = join(
    __dirname,
    '..',
    '..',
    '..',
    '..',
    'shared',
    'conformance',
    'otlp-examples',
    'metrics.json',
  );
  const present = existsSync(file);
  if (!present && process.env.OTEL_LAB_REQUIRE_ALL) {
    test('conformance data is present', () => assert.fail(`${file} is missing`));
  }
  test('decodes every metric type it holds', { skip: present ? false : `no ${file}` }, () => {
    const decoded = decodeMetricsJson(readFileSync(file));
    assert.equal(decoded.rejected, 0);
    assert.deepEqual(decoded.items.map((metric) => metric.type).sort(), [
      'exponentialHistogram',
      'gauge',
      'histogram',
      'sum',
    ]);
    const histogram = decoded.items.find((metric) => metric.type === 'histogram');
    assert.ok(histogram?.type === 'histogram');
    assert.deepEqual(histogram.points[0]?.bucketCounts, [1n, 1n]);
  });
});

describe('invalid metrics', () => {
  test('a metric without a name or without data is rejected, counting its data points', () => {
    const decoded = decodeMetricsJson(
      JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  { name: 'ok', gauge: { dataPoints: [{ asDouble: 1 }] } },
                  { name: '', gauge: { dataPoints: [{ asDouble: 1 }, { asInt: '2' }] } },
                  { name: 'no.data' },
                ],
              },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(
      decoded.items.map((metric) => metric.name),
      ['ok'],
    );
    assert.equal(decoded.rejected, 2);
    assert.match(decoded.rejectionReason, /name must not be empty/);
  });

  test('a wrong type names its path', () => {
    assert.throws(
      () =>
        decodeMetricsJson(
          '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","sum":{"isMonotonic":"yes"}}]}]}]}',
        ),
      (error: unknown) =>
        error instanceof OtlpDecodeError &&
        /metrics\[0\]\.sum\.isMonotonic: must be a boolean/.test(error.message),
    );
  });

  test('garbage protobuf is an OtlpDecodeError', () => {
    assert.throws(
      () => decodeMetricsProtobuf(Uint8Array.from([0x0a, 0xff, 0xff, 0xff])),
      OtlpDecodeError,
    );
  });
});
