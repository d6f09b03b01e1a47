import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { divideHistogram, multiplyHistogram, multiplyResultHistogram } from './scale';
import { fh, withoutNegativeZero } from './test-fixture';

// Prometheus's TestFloatHistogramMul and TestFloatHistogramDiv cases: [name, input, scalar, expected].
type Row = [string, FloatHistogram, number, FloatHistogram];
const mulCases: Row[] = [
  ['zero value', fh({}), 3.25, fh({})],
  [
    'zero multiplier',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
    0,
    fh({
      zeroThreshold: 0.01,
      zeroCount: 0,
      count: 0,
      sum: 0,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [0, 0, 0, 0],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [0, 0, 0, 0],
    }),
  ],
  [
    'no-op',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
    1,
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
  ],
  [
    'double',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
    2,
    fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 3493.3 * 2,
      sum: 2349209.324 * 2,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [2, 6.6, 8.4, 0.2],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [6.2, 6, 1.234e5 * 2, 2000],
    }),
  ],
  [
    'triple',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 23,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    3,
    fh({
      zeroThreshold: 0.01,
      zeroCount: 33,
      count: 90,
      sum: 69,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [3, 0, 9, 12, 21],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [9, 3, 15, 18],
    }),
  ],
  [
    'negation',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 23,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    -1,
    fh({
      zeroThreshold: 0.01,
      zeroCount: -11,
      count: -30,
      sum: -23,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [-1, 0, -3, -4, -7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [-3, -1, -5, -6],
      counterResetHint: 'gauge',
    }),
  ],
  [
    'negative multiplier',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 23,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    -2,
    fh({
      zeroThreshold: 0.01,
      zeroCount: -22,
      count: -60,
      sum: -46,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [-2, 0, -6, -8, -14],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [-6, -2, -10, -12],
      counterResetHint: 'gauge',
    }),
  ],
  [
    'no-op with custom buckets',
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      customValues: [1, 2, 3],
    }),
    1,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      customValues: [1, 2, 3],
    }),
  ],
  [
    'triple with custom buckets',
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 30,
      sum: 23,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4],
    }),
    3,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 90,
      sum: 69,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [3, 0, 9, 12, 21],
      customValues: [1, 2, 3, 4],
    }),
  ],
];
const divCases: Row[] = [
  ['zero value', fh({}), 3.25, fh({})],
  [
    'zero divisor',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
    0,
    fh({
      zeroThreshold: 0.01,
      count: Infinity,
      sum: Infinity,
      zeroCount: Infinity,
    }),
  ],
  [
    'no-op',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
    1,
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
  ],
  [
    'half',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 23,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    2,
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 15,
      sum: 11.5,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [0.5, 0, 1.5, 2, 3.5],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [1.5, 0.5, 2.5, 3],
    }),
  ],
  [
    'negation',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
    -1,
    fh({
      zeroThreshold: 0.01,
      zeroCount: -5.5,
      count: -3493.3,
      sum: -2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [-1, -3.3, -4.2, -0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [-3.1, -3, -1.234e5, -1000],
      counterResetHint: 'gauge',
    }),
  ],
  [
    'negative half',
    fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 23,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    -2,
    fh({
      zeroThreshold: 0.01,
      zeroCount: -5.5,
      count: -15,
      sum: -11.5,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [-0.5, 0, -1.5, -2, -3.5],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [-1.5, -0.5, -2.5, -3],
      counterResetHint: 'gauge',
    }),
  ],
  [
    'no-op with custom buckets',
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      customValues: [1, 2, 3],
    }),
    1,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, 4.2, 0.1],
      customValues: [1, 2, 3],
    }),
  ],
  [
    'half with custom buckets',
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 30,
      sum: 23,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4],
    }),
    2,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 15,
      sum: 11.5,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [0.5, 0, 1.5, 2, 3.5],
      customValues: [1, 2, 3, 4],
    }),
  ],
];

for (const [label, cases, op] of [
  ['multiply', mulCases, multiplyHistogram],
  ['divide', divCases, divideHistogram],
] as const) {
  describe(label, () => {
    for (const [name, input, scalar, expected] of cases) {
      test(name, () => {
        const before = structuredClone(input);
        assert.deepEqual(withoutNegativeZero(op(input, scalar)), withoutNegativeZero(expected));
        assert.deepEqual(input, before, 'the input is left as it was');
      });
    }
  });
}

test('a result scaled in place: its positive buckets, counts and sum; the negative side copied', () => {
  const negative = [4, 8];
  const h = fh({
    count: 14,
    zeroCount: 1,
    sum: 7,
    positiveSpans: [{ offset: 0, length: 1 }],
    positiveBuckets: [1],
    negativeSpans: [{ offset: 0, length: 2 }],
    negativeBuckets: negative,
  });
  const positive = h.positiveBuckets;
  const scaled = multiplyResultHistogram(h, 0.5);
  assert.equal(scaled, h);
  assert.equal(scaled.positiveBuckets, positive);
  assert.deepEqual(
    [scaled.count, scaled.zeroCount, scaled.sum, scaled.positiveBuckets, scaled.negativeBuckets],
    [7, 0.5, 3.5, [0.5], [2, 4]],
  );
  assert.deepEqual(negative, [4, 8]);
  assert.equal(scaled.counterResetHint, 'unknown');
  assert.equal(multiplyResultHistogram(h, -1).counterResetHint, 'gauge');
});

describe('multiply a result in place: the same answers as multiply', () => {
  for (const [name, input, scalar, expected] of mulCases) {
    test(name, () => {
      const scaled = multiplyResultHistogram(structuredClone(input), scalar);
      assert.deepEqual(withoutNegativeZero(scaled), withoutNegativeZero(expected));
    });
  }
});
