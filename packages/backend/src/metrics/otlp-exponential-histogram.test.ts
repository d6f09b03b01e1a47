import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExponentialHistogramPoint } from '@otel-lab/otlp';
import type { FloatHistogram } from '@otel-lab/promql';
import { exponentialToFloatHistogram } from './otlp-exponential-histogram.js';

const CUMULATIVE = 2;
const DELTA = 1;

function point(fields: {
  count?: number;
  sum?: number;
  scale: number;
  zeroCount?: number;
  positive?: [number, number[]];
  negative?: [number, number[]];
  flags?: number;
}): ExponentialHistogramPoint {
  const buckets = ([offset, counts]: [number, number[]] = [0, []]) => ({
    offset,
    bucketCounts: counts.map(BigInt),
  });
  return {
    attributes: [],
    startTimeUnixNano: 100_000_000n,
    timeUnixNano: 500_000_000n,
    flags: fields.flags ?? 0,
    count: BigInt(fields.count ?? 0),
    ...(fields.sum === undefined ? {} : { sum: fields.sum }),
    scale: fields.scale,
    zeroCount: BigInt(fields.zeroCount ?? 0),
    zeroThreshold: 0,
    positive: buckets(fields.positive),
    negative: buckets(fields.negative),
    exemplars: [],
  };
}

const span = (offset: number, length: number) => ({ offset, length });

function histogram(fields: Partial<FloatHistogram>): FloatHistogram {
  return {
    counterResetHint: 'unknown',
    schema: 0,
    zeroThreshold: 1e-128,
    zeroCount: 0,
    count: 0,
    sum: 0,
    positiveSpans: [],
    positiveBuckets: [],
    negativeSpans: [],
    negativeBuckets: [],
    ...fields,
  };
}

// Prometheus's TestExponentialToNativeHistogram (bucket deltas written out as absolute counts),
// then the histograms of its TestPrometheusConverter_addExponentialHistogramDataPoints.
const golden: { name: string; in: ExponentialHistogramPoint; want: FloatHistogram | string }[] = [
  {
    name: 'convert exp. to native histogram',
    in: point({
      count: 4,
      sum: 10.1,
      scale: 1,
      zeroCount: 1,
      positive: [1, [1, 1]],
      negative: [1, [1, 1]],
    }),
    want: histogram({
      count: 4,
      sum: 10.1,
      schema: 1,
      zeroCount: 1,
      negativeSpans: [span(2, 2)],
      negativeBuckets: [1, 1],
      positiveSpans: [span(2, 2)],
      positiveBuckets: [1, 1],
    }),
  },
  {
    name: 'convert exp. to native histogram with no sum',
    in: point({ count: 4, scale: 1, zeroCount: 1, positive: [1, [1, 1]], negative: [1, [1, 1]] }),
    want: histogram({
      count: 4,
      schema: 1,
      zeroCount: 1,
      negativeSpans: [span(2, 2)],
      negativeBuckets: [1, 1],
      positiveSpans: [span(2, 2)],
      positiveBuckets: [1, 1],
    }),
  },
  {
    name: 'invalid negative scale',
    in: point({ scale: -10 }),
    want: 'cannot convert exponential to native histogram. Scale must be >= -4, was -10',
  },
  {
    name: 'no downscaling at scale 8',
    in: point({
      count: 6,
      sum: 10.1,
      scale: 8,
      zeroCount: 1,
      positive: [1, [1, 1, 1]],
      negative: [2, [1, 1, 1]],
    }),
    want: histogram({
      count: 6,
      sum: 10.1,
      schema: 8,
      zeroCount: 1,
      positiveSpans: [span(2, 3)],
      positiveBuckets: [1, 1, 1],
      negativeSpans: [span(3, 3)],
      negativeBuckets: [1, 1, 1],
    }),
  },
  {
    name: 'downsample if scale is more than 8',
    in: point({
      count: 6,
      sum: 10.1,
      scale: 9,
      zeroCount: 1,
      positive: [1, [1, 1, 1]],
      negative: [2, [1, 1, 1]],
    }),
    want: histogram({
      count: 6,
      sum: 10.1,
      schema: 8,
      zeroCount: 1,
      positiveSpans: [span(1, 2)],
      positiveBuckets: [1, 2],
      negativeSpans: [span(2, 2)],
      negativeBuckets: [2, 1],
    }),
  },
  {
    name: 'data point with positive buckets below one',
    in: point({ count: 7, scale: 1, positive: [-1, [4, 2]] }),
    want: histogram({ count: 7, schema: 1, positiveSpans: [span(0, 2)], positiveBuckets: [4, 2] }),
  },
  {
    name: 'data point with a third positive bucket',
    in: point({ count: 4, scale: 1, positive: [-1, [4, 2, 1]] }),
    want: histogram({
      count: 4,
      schema: 1,
      positiveSpans: [span(0, 3)],
      positiveBuckets: [4, 2, 1],
    }),
  },
  {
    name: 'data point with negative buckets only',
    in: point({ count: 4, scale: 1, negative: [-1, [4, 2, 1]] }),
    want: histogram({
      count: 4,
      schema: 1,
      negativeSpans: [span(0, 3)],
      negativeBuckets: [4, 2, 1],
    }),
  },
];

for (const c of golden) {
  test(c.name, () => {
    const got = exponentialToFloatHistogram(c.in, CUMULATIVE);
    if (typeof c.want === 'string') assert.deepEqual(got, { ok: false, error: c.want });
    else assert.deepEqual(got, { ok: true, histogram: c.want, stale: false, warnings: [] });
  });
}

test('scale -4 is the lowest accepted, and stays as it is', () => {
  const got = exponentialToFloatHistogram(
    point({ count: 1, scale: -4, positive: [0, [1]] }),
    CUMULATIVE,
  );
  assert.ok(got.ok);
  assert.equal(got.histogram.schema, -4);
  assert.deepEqual(got.histogram.positiveSpans, [span(1, 1)]);
});

test('scale 12 merges 16 OTLP buckets into one of schema 8', () => {
  const counts = Array.from({ length: 32 }, () => 1);
  const got = exponentialToFloatHistogram(
    point({ count: 32, scale: 12, positive: [0, counts] }),
    CUMULATIVE,
  );
  assert.ok(got.ok);
  assert.equal(got.histogram.schema, 8);
  assert.deepEqual(got.histogram.positiveSpans, [span(1, 2)]);
  assert.deepEqual(got.histogram.positiveBuckets, [16, 16]);
});

test('delta temporality becomes a gauge histogram; cumulative an unknown reset hint', () => {
  const p = point({ count: 2, sum: 3, scale: 0, positive: [0, [2]] });
  const delta = exponentialToFloatHistogram(p, DELTA);
  const cumulative = exponentialToFloatHistogram(p, CUMULATIVE);
  assert.ok(delta.ok && cumulative.ok);
  assert.equal(delta.histogram.counterResetHint, 'gauge');
  assert.equal(cumulative.histogram.counterResetHint, 'unknown');
});

test('a point flagged "no recorded value" is a staleness marker', () => {
  const got = exponentialToFloatHistogram(
    point({ count: 2, sum: 3, scale: 0, flags: 1 }),
    CUMULATIVE,
  );
  assert.ok(got.ok);
  assert.equal(got.stale, true);
  assert.ok(Number.isNaN(got.histogram.sum) && Number.isNaN(got.histogram.count));
  assert.deepEqual(got.warnings, []);
});

test('zero count with a non-zero sum is kept, with Prometheus warning', () => {
  const got = exponentialToFloatHistogram(point({ count: 0, sum: 2.5, scale: 0 }), CUMULATIVE);
  assert.ok(got.ok);
  assert.equal(got.histogram.sum, 2.5);
  assert.deepEqual(got.warnings, [
    'exponential histogram data point has zero count, but non-zero sum: 2.500000',
  ]);
});

test('the zero threshold is Prometheus fixed one, whatever the point says', () => {
  const p = { ...point({ count: 3, scale: 0, zeroCount: 3 }), zeroThreshold: 0.5 };
  const got = exponentialToFloatHistogram(p, CUMULATIVE);
  assert.ok(got.ok);
  assert.equal(got.histogram.zeroThreshold, 1e-128);
  assert.equal(got.histogram.zeroCount, 3);
});
