import assert from 'node:assert/strict';
import { test } from 'node:test';
import { histogramString } from './histogram-string';

test('histogramString writes count, sum and populated buckets in ascending order as Prometheus', () => {
  const cases = [
    {
      h: {
        counterResetHint: 'unknown' as const,
        schema: 0,
        zeroThreshold: 0.001,
        zeroCount: 2,
        count: 9,
        sum: 12.5,
        positiveSpans: [{ offset: 0, length: 2 }],
        positiveBuckets: [3, 0],
        negativeSpans: [{ offset: 1, length: 2 }],
        negativeBuckets: [1, 3],
      },
      want: '{count:9, sum:12.5, [-4,-2):3, [-2,-1):1, [-0.001,0.001]:2, (0.5,1]:3}',
    },
    {
      h: {
        counterResetHint: 'unknown' as const,
        schema: -53,
        zeroThreshold: 0,
        zeroCount: 0,
        count: 3,
        sum: 1e6,
        positiveSpans: [{ offset: 0, length: 2 }],
        positiveBuckets: [1, 2],
        negativeSpans: [],
        negativeBuckets: [],
        customValues: [5],
      },
      want: '{count:3, sum:1e+06, [-Inf,5]:1, (5,+Inf]:2}',
    },
  ];
  for (const { h, want } of cases) assert.equal(histogramString(h), want);
});
