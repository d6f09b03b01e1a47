import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeMetricsJson, type MetricData } from '@otel-lab/otlp';
import type { FloatHistogram } from '@otel-lab/promql';
import { translateOtlpMetrics } from './otlp-metrics-to-samples.js';
import { MAX_HISTOGRAM_BUCKETS } from './otlp-native-histogram.js';
import { isStaleAt } from './sample.js';

const T_NS = '1700000000000000000';
const T_MS = 1_700_000_000_000;
const CUMULATIVE = 2;
const DELTA = 1;

function decode(metrics: unknown[]): MetricData[] {
  const body = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeMetrics: [{ metrics }],
      },
    ],
  };
  const decoded = decodeMetricsJson(JSON.stringify(body));
  assert.equal(decoded.rejected, 0, decoded.rejectionReason);
  return decoded.items;
}

const latency = (temporality: number, points: unknown[]) => ({
  name: 'http.server.duration',
  unit: 's',
  description: 'Request latency.',
  exponentialHistogram: { aggregationTemporality: temporality, dataPoints: points },
});

const point = (fields: Record<string, unknown> = {}) => ({
  timeUnixNano: T_NS,
  attributes: [{ key: 'http.route', value: { stringValue: '/orders' } }],
  count: '12',
  sum: 3.5,
  scale: 1,
  zeroCount: '2',
  positive: { offset: -1, bucketCounts: ['3', '0', '0', '0', '5'] },
  negative: { offset: 0, bucketCounts: ['2'] },
  ...fields,
});

/** What Prometheus's translator stores for `point()` (offsets move up by one; a gap of 3 splits). */
const expected = (hint: FloatHistogram['counterResetHint']): FloatHistogram => ({
  counterResetHint: hint,
  schema: 1,
  zeroThreshold: 1e-128,
  zeroCount: 2,
  count: 12,
  sum: 3.5,
  positiveSpans: [
    { offset: 0, length: 1 },
    { offset: 3, length: 1 },
  ],
  positiveBuckets: [3, 5],
  negativeSpans: [{ offset: 1, length: 1 }],
  negativeBuckets: [2],
});

describe('OTLP exponential histograms → native histograms', () => {
  test('golden: one series under the metric name, its labels, exemplars and metadata', () => {
    const exemplar = {
      timeUnixNano: T_NS,
      asDouble: 0.42,
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
    };
    const { batch, warnings, droppedPoints } = translateOtlpMetrics(
      decode([latency(CUMULATIVE, [point({ exemplars: [exemplar] })])]),
    );
    assert.deepEqual(warnings, []);
    assert.equal(droppedPoints, 0);
    assert.equal(batch.values.length, 0, 'no _bucket, _count or _sum float series');
    const [series, ...others] = batch.series;
    assert.equal(others.length, 0);
    assert.deepEqual(series?.labels, {
      __name__: 'http_server_duration_seconds',
      http_route: '/orders',
      job: 'shop',
    });
    assert.deepEqual(series?.histograms, {
      timestampsMs: [T_MS],
      values: [expected('unknown')],
    });
    assert.deepEqual(series?.exemplars, [
      {
        labels: { span_id: 'eee19b7ec3c1b174', trace_id: '5b8efff798038103d269b633813fc60c' },
        value: 0.42,
        timestampMs: T_MS,
      },
    ]);
    assert.deepEqual(batch.metadata, [
      {
        metric: 'http_server_duration_seconds',
        type: 'histogram',
        help: 'Request latency.',
        unit: 'seconds',
      },
    ]);
  });

  test('delta temporality: a gauge histogram', () => {
    const { batch } = translateOtlpMetrics(decode([latency(DELTA, [point()])]));
    assert.deepEqual(batch.series[0]?.histograms?.values, [expected('gauge')]);
    assert.equal(batch.metadata[0]?.type, 'gaugehistogram');
  });

  test('"no recorded value" is a staleness marker: a float sample of the same series', () => {
    const { batch } = translateOtlpMetrics(decode([latency(CUMULATIVE, [point({ flags: 1 })])]));
    assert.equal(batch.series[0]?.histograms, undefined);
    assert.equal(batch.series[0]?.labels.__name__, 'http_server_duration_seconds');
    assert.ok(isStaleAt(batch.values, 0));
  });

  const refusals: { name: string; fields: Record<string, unknown>; error: RegExp }[] = [
    { name: 'scale below -4', fields: { scale: -5 }, error: /Scale must be >= -4, was -5/ },
    {
      name: 'a million buckets',
      fields: { positive: { offset: 0, bucketCounts: new Array(1_000_000).fill('1') } },
      error: new RegExp(`1000001 buckets; at most ${MAX_HISTOGRAM_BUCKETS} are stored`),
    },
    {
      name: 'buckets past int32 indices',
      fields: { positive: { offset: 2_147_483_646, bucketCounts: ['1', '1', '1'] } },
      error: /bucket offset 2147483646 is out of range/,
    },
  ];
  for (const { name, fields, error } of refusals) {
    test(`refused and counted, the others kept: ${name}`, () => {
      const { batch, warnings, droppedPoints } = translateOtlpMetrics(
        decode([
          latency(CUMULATIVE, [point(fields), point({ timeUnixNano: '1700000001000000000' })]),
        ]),
      );
      assert.equal(droppedPoints, 1);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] as string, /^metric "http.server.duration": /);
      assert.match(warnings[0] as string, error);
      assert.deepEqual(
        batch.series.map((s) => s.histograms?.timestampsMs),
        [[T_MS + 1000]],
      );
    });
  }

  test('negative bucket counts (a hand-made point) are refused with Prometheus message', () => {
    const [metric] = decode([latency(CUMULATIVE, [point()])]);
    const hostile = structuredClone(metric) as MetricData & { type: 'exponentialHistogram' };
    (hostile.points[0] as { zeroCount: bigint }).zeroCount = -4n;
    const { batch, warnings, droppedPoints } = translateOtlpMetrics([hostile]);
    assert.equal(droppedPoints, 1);
    assert.equal(batch.series.length, 0);
    assert.match(warnings[0] as string, /zero bucket has observation count of -4/);
  });
});
