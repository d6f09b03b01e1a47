import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { fh } from './test-fixture';
import { validateHistogram } from './validate';

// Prometheus's TestFloatHistogramValidateNegativeHistogram: each is invalid.
const negativeCases: [string, FloatHistogram][] = [
  [
    'positive bucket with negative population',
    fh({
      schema: 1,
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: 3493.3,
      sum: 2349209.324,
      positiveSpans: [
        { offset: -2, length: 1 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 3.3, -4.2, 0.1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3.1, 3, 1.234e5, 1000],
    }),
  ],
  [
    'negative bucket with negative population',
    fh({
      schema: 1,
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
      negativeBuckets: [3.1, -3, 1.234e5, 1000],
    }),
  ],
  [
    'negative count',
    fh({
      schema: 1,
      zeroThreshold: 0.01,
      zeroCount: 5.5,
      count: -3493.3,
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
    'zero bucket with negative population',
    fh({
      schema: 1,
      zeroThreshold: 0.01,
      zeroCount: -5.5,
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
];

describe('negative populations are invalid', () => {
  for (const [name, h] of negativeCases) {
    test(name, () => assert.notEqual(validateHistogram(h), undefined));
  }
});

const spans = (...pairs: [number, number][]) =>
  pairs.map(([offset, length]) => ({ offset, length }));

describe('validation messages are Prometheus’s', () => {
  const rows: [string, FloatHistogram, string | undefined][] = [
    [
      'a valid exponential histogram',
      fh({ schema: 1, count: 3, positiveSpans: spans([-2, 1], [2, 1]), positiveBuckets: [1, 2] }),
      undefined,
    ],
    [
      'count below the buckets’ total is accepted',
      fh({ count: 1, positiveSpans: spans([0, 1]), positiveBuckets: [5] }),
      undefined,
    ],
    [
      'too few buckets',
      fh({ positiveSpans: spans([0, 3]), positiveBuckets: [1] }),
      'positive side: spans need 3 buckets, have 1 buckets: histogram spans specify different number of buckets than provided',
    ],
    [
      'negative offset after the first span',
      fh({ negativeSpans: spans([0, 1], [-1, 1]), negativeBuckets: [1, 1] }),
      'negative side: span number 2 with offset -1: histogram has a span whose offset is negative',
    ],
    [
      'negative bucket',
      fh({ negativeSpans: spans([0, 2]), negativeBuckets: [1, -2] }),
      'negative side: bucket number 2 has observation count of -2: histogram has a bucket whose observation count is negative',
    ],
    [
      'negative zero count',
      fh({ zeroCount: -1 }),
      'zero bucket has observation count of -1: histogram has a bucket whose observation count is negative',
    ],
    [
      'negative count',
      fh({ count: -1 }),
      "observation count is  -1: histogram's observation count is negative",
    ],
    [
      'custom values on an exponential schema',
      fh({ customValues: [1] }),
      'histogram with exponential schema must not have custom bounds',
    ],
    [
      'schema out of range',
      fh({ schema: 9 }),
      'histogram has an invalid schema, which must be between -4 and 8 for exponential buckets, or -53 for custom buckets, got schema 9',
    ],
    [
      'valid custom buckets',
      fh({
        schema: CUSTOM_BUCKETS_SCHEMA,
        positiveSpans: spans([0, 2], [1, 1]),
        positiveBuckets: [1, 2, 3],
        customValues: [1, 2, 3],
      }),
      undefined,
    ],
    [
      'custom bounds not ascending',
      fh({ schema: CUSTOM_BUCKETS_SCHEMA, customValues: [1, 1] }),
      'custom buckets: previous bound is 1.000000 and current is 1.000000: histogram custom bounds must be in strictly increasing order',
    ],
    [
      'custom bound NaN',
      fh({ schema: CUSTOM_BUCKETS_SCHEMA, customValues: [Number.NaN] }),
      'custom buckets: histogram custom bounds must not be NaN',
    ],
    [
      'custom bound +Inf',
      fh({ schema: CUSTOM_BUCKETS_SCHEMA, customValues: [1, Number.POSITIVE_INFINITY] }),
      'custom buckets: last +Inf bound must not be explicitly defined: histogram custom bounds must be finite',
    ],
    [
      'custom buckets beyond the bounds',
      fh({
        schema: CUSTOM_BUCKETS_SCHEMA,
        positiveSpans: spans([1, 3]),
        positiveBuckets: [1, 1, 1],
        customValues: [1, 2],
      }),
      'custom buckets: only 2 custom bounds defined which is insufficient to cover total span length of 4: histogram custom bounds are too few',
    ],
    [
      'custom buckets with a negative first offset',
      fh({
        schema: CUSTOM_BUCKETS_SCHEMA,
        positiveSpans: spans([-1, 1]),
        positiveBuckets: [1],
        customValues: [1],
      }),
      'custom buckets: span number 1 with offset -1: histogram has a span whose offset is negative',
    ],
    [
      'custom buckets with a zero count',
      fh({ schema: CUSTOM_BUCKETS_SCHEMA, zeroCount: 1, customValues: [1] }),
      'custom buckets: must have zero count of 0',
    ],
    [
      'custom buckets with a zero threshold',
      fh({ schema: CUSTOM_BUCKETS_SCHEMA, zeroThreshold: 0.1, customValues: [1] }),
      'custom buckets: must have zero threshold of 0',
    ],
    [
      'custom buckets with negative buckets',
      fh({
        schema: CUSTOM_BUCKETS_SCHEMA,
        negativeSpans: spans([0, 1]),
        negativeBuckets: [1],
        customValues: [1],
      }),
      'custom buckets: must not have negative spans',
    ],
  ];
  for (const [name, h, message] of rows)
    test(name, () => assert.equal(validateHistogram(h), message));
});
