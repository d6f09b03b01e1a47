import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allBuckets, allBucketsReverse, type Bucket, sideBuckets } from './bucket-iterator';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { fh } from './test-fixture';

// Prometheus's TestFloatBucketIteratorTargetSchema: buckets merged to schema -1 while iterating.
const targetSchemaCases: Record<
  string,
  { h: FloatHistogram; expPositiveBuckets: Bucket[]; expNegativeBuckets: Bucket[] }
> = {
  regular: {
    h: fh({
      count: 405,
      sum: 1008.4,
      schema: 1,
      positiveSpans: [
        { offset: 0, length: 4 },
        { offset: 1, length: 3 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [100, 344, 123, 55, 3, 63, 2, 54, 235, 33],
      negativeSpans: [
        { offset: 0, length: 3 },
        { offset: 7, length: 4 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [10, 34, 1230, 54, 67, 63, 2, 554, 235, 33],
    }),
    expPositiveBuckets: [
      { lower: 0.25, upper: 1, lowerInclusive: false, upperInclusive: true, count: 100, index: 0 },
      { lower: 1, upper: 4, lowerInclusive: false, upperInclusive: true, count: 522, index: 1 },
      { lower: 4, upper: 16, lowerInclusive: false, upperInclusive: true, count: 68, index: 2 },
      { lower: 16, upper: 64, lowerInclusive: false, upperInclusive: true, count: 322, index: 3 },
    ],
    expNegativeBuckets: [
      { lower: -1, upper: -0.25, lowerInclusive: true, upperInclusive: false, count: 10, index: 0 },
      { lower: -4, upper: -1, lowerInclusive: true, upperInclusive: false, count: 1264, index: 1 },
      { lower: -64, upper: -16, lowerInclusive: true, upperInclusive: false, count: 184, index: 3 },
      {
        lower: -256,
        upper: -64,
        lowerInclusive: true,
        upperInclusive: false,
        count: 791,
        index: 4,
      },
      {
        lower: -1024,
        upper: -256,
        lowerInclusive: true,
        upperInclusive: false,
        count: 33,
        index: 5,
      },
    ],
  },
  'missing buckets': {
    h: fh({
      count: 405,
      sum: 1008.4,
      schema: 1,
      positiveSpans: [
        { offset: 0, length: 4 },
        { offset: 1, length: 3 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [100, 344, 123, 55, 3, 63, 2, 54, 235],
      negativeSpans: [
        { offset: 0, length: 3 },
        { offset: 7, length: 4 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [10, 34, 1230, 54, 67, 63, 2, 554, 235],
    }),
    expPositiveBuckets: [
      { lower: 0.25, upper: 1, lowerInclusive: false, upperInclusive: true, count: 100, index: 0 },
      { lower: 1, upper: 4, lowerInclusive: false, upperInclusive: true, count: 522, index: 1 },
      { lower: 4, upper: 16, lowerInclusive: false, upperInclusive: true, count: 68, index: 2 },
      { lower: 16, upper: 64, lowerInclusive: false, upperInclusive: true, count: 289, index: 3 },
    ],
    expNegativeBuckets: [
      { lower: -1, upper: -0.25, lowerInclusive: true, upperInclusive: false, count: 10, index: 0 },
      { lower: -4, upper: -1, lowerInclusive: true, upperInclusive: false, count: 1264, index: 1 },
      { lower: -64, upper: -16, lowerInclusive: true, upperInclusive: false, count: 184, index: 3 },
      {
        lower: -256,
        upper: -64,
        lowerInclusive: true,
        upperInclusive: false,
        count: 791,
        index: 4,
      },
    ],
  },
  'spurious bucket': {
    h: fh({
      count: 405,
      sum: 1008.4,
      schema: 1,
      positiveSpans: [
        { offset: 0, length: 4 },
        { offset: 1, length: 3 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [100, 344, 123, 55, 3, 63, 2, 54, 235, 33, 42],
      negativeSpans: [
        { offset: 0, length: 3 },
        { offset: 7, length: 4 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [10, 34, 1230, 54, 67, 63, 2, 554, 235, 33, 42],
    }),
    expPositiveBuckets: [
      { lower: 0.25, upper: 1, lowerInclusive: false, upperInclusive: true, count: 100, index: 0 },
      { lower: 1, upper: 4, lowerInclusive: false, upperInclusive: true, count: 522, index: 1 },
      { lower: 4, upper: 16, lowerInclusive: false, upperInclusive: true, count: 68, index: 2 },
      { lower: 16, upper: 64, lowerInclusive: false, upperInclusive: true, count: 322, index: 3 },
    ],
    expNegativeBuckets: [
      { lower: -1, upper: -0.25, lowerInclusive: true, upperInclusive: false, count: 10, index: 0 },
      { lower: -4, upper: -1, lowerInclusive: true, upperInclusive: false, count: 1264, index: 1 },
      { lower: -64, upper: -16, lowerInclusive: true, upperInclusive: false, count: 184, index: 3 },
      {
        lower: -256,
        upper: -64,
        lowerInclusive: true,
        upperInclusive: false,
        count: 791,
        index: 4,
      },
      {
        lower: -1024,
        upper: -256,
        lowerInclusive: true,
        upperInclusive: false,
        count: 33,
        index: 5,
      },
    ],
  },
  'no schema change': {
    h: fh({
      count: 405,
      sum: 1008.4,
      schema: -1,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 2 },
      ],
      positiveBuckets: [100, 522, 68, 322],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [100, 522, 68, 322],
    }),
    expPositiveBuckets: [
      { lower: 0.25, upper: 1, lowerInclusive: false, upperInclusive: true, count: 100, index: 0 },
      { lower: 1, upper: 4, lowerInclusive: false, upperInclusive: true, count: 522, index: 1 },
      { lower: 16, upper: 64, lowerInclusive: false, upperInclusive: true, count: 68, index: 3 },
      { lower: 64, upper: 256, lowerInclusive: false, upperInclusive: true, count: 322, index: 4 },
    ],
    expNegativeBuckets: [
      {
        lower: -1,
        upper: -0.25,
        lowerInclusive: true,
        upperInclusive: false,
        count: 100,
        index: 0,
      },
      { lower: -4, upper: -1, lowerInclusive: true, upperInclusive: false, count: 522, index: 1 },
      { lower: -64, upper: -16, lowerInclusive: true, upperInclusive: false, count: 68, index: 3 },
      {
        lower: -256,
        upper: -64,
        lowerInclusive: true,
        upperInclusive: false,
        count: 322,
        index: 4,
      },
    ],
  },
  'no schema change, missing bucket': {
    h: fh({
      count: 405,
      sum: 1008.4,
      schema: -1,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 2 },
      ],
      positiveBuckets: [100, 522, 68],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [100, 522, 68],
    }),
    expPositiveBuckets: [
      { lower: 0.25, upper: 1, lowerInclusive: false, upperInclusive: true, count: 100, index: 0 },
      { lower: 1, upper: 4, lowerInclusive: false, upperInclusive: true, count: 522, index: 1 },
      { lower: 16, upper: 64, lowerInclusive: false, upperInclusive: true, count: 68, index: 3 },
    ],
    expNegativeBuckets: [
      {
        lower: -1,
        upper: -0.25,
        lowerInclusive: true,
        upperInclusive: false,
        count: 100,
        index: 0,
      },
      { lower: -4, upper: -1, lowerInclusive: true, upperInclusive: false, count: 522, index: 1 },
      { lower: -64, upper: -16, lowerInclusive: true, upperInclusive: false, count: 68, index: 3 },
    ],
  },
  'no schema change, spurious bucket': {
    h: fh({
      count: 405,
      sum: 1008.4,
      schema: -1,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 2 },
      ],
      positiveBuckets: [100, 522, 68, 322, 42],
      negativeSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [100, 522, 68, 322, 42],
    }),
    expPositiveBuckets: [
      { lower: 0.25, upper: 1, lowerInclusive: false, upperInclusive: true, count: 100, index: 0 },
      { lower: 1, upper: 4, lowerInclusive: false, upperInclusive: true, count: 522, index: 1 },
      { lower: 16, upper: 64, lowerInclusive: false, upperInclusive: true, count: 68, index: 3 },
      { lower: 64, upper: 256, lowerInclusive: false, upperInclusive: true, count: 322, index: 4 },
    ],
    expNegativeBuckets: [
      {
        lower: -1,
        upper: -0.25,
        lowerInclusive: true,
        upperInclusive: false,
        count: 100,
        index: 0,
      },
      { lower: -4, upper: -1, lowerInclusive: true, upperInclusive: false, count: 522, index: 1 },
      { lower: -64, upper: -16, lowerInclusive: true, upperInclusive: false, count: 68, index: 3 },
      {
        lower: -256,
        upper: -64,
        lowerInclusive: true,
        upperInclusive: false,
        count: 322,
        index: 4,
      },
    ],
  },
};

// Prometheus's TestFloatCustomBucketsIterators: custom buckets in every order.
const customCases: { h: FloatHistogram; expPositiveBuckets: Bucket[] }[] = [
  {
    h: fh({
      count: 622,
      sum: 10008.4,
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 1 },
        { offset: 1, length: 1 },
      ],
      positiveBuckets: [100, 344, 123, 55],
      customValues: [10, 25, 50, 100, 500],
    }),
    expPositiveBuckets: [
      {
        lower: -Infinity,
        upper: 10,
        lowerInclusive: true,
        upperInclusive: true,
        count: 100,
        index: 0,
      },
      { lower: 10, upper: 25, lowerInclusive: false, upperInclusive: true, count: 344, index: 1 },
      { lower: 50, upper: 100, lowerInclusive: false, upperInclusive: true, count: 123, index: 3 },
      {
        lower: 500,
        upper: Infinity,
        lowerInclusive: false,
        upperInclusive: true,
        count: 55,
        index: 5,
      },
    ],
  },
  {
    h: fh({
      count: 622,
      sum: 10008.4,
      schema: CUSTOM_BUCKETS_SCHEMA,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 1 },
        { offset: 1, length: 1 },
      ],
      positiveBuckets: [100, 344, 123, 55],
      customValues: [-10, -5, 0, 10, 25],
    }),
    expPositiveBuckets: [
      {
        lower: -Infinity,
        upper: -10,
        lowerInclusive: true,
        upperInclusive: true,
        count: 100,
        index: 0,
      },
      { lower: -10, upper: -5, lowerInclusive: false, upperInclusive: true, count: 344, index: 1 },
      { lower: 0, upper: 10, lowerInclusive: false, upperInclusive: true, count: 123, index: 3 },
      {
        lower: 25,
        upper: Infinity,
        lowerInclusive: false,
        upperInclusive: true,
        count: 55,
        index: 5,
      },
    ],
  },
];

describe('iterating at a lower schema', () => {
  for (const [name, c] of Object.entries(targetSchemaCases)) {
    test(name, () => {
      assert.deepEqual(sideBuckets(c.h, true, -1), c.expPositiveBuckets);
      assert.deepEqual(sideBuckets(c.h, false, -1), c.expNegativeBuckets);
    });
  }
});

describe('custom buckets', () => {
  for (const [i, c] of customCases.entries()) {
    test(`case ${i + 1}`, () => {
      assert.deepEqual(allBuckets(c.h), c.expPositiveBuckets);
      assert.deepEqual(allBucketsReverse(c.h), c.expPositiveBuckets.slice().reverse());
      assert.deepEqual(sideBuckets(c.h, true), c.expPositiveBuckets);
      assert.deepEqual(sideBuckets(c.h, false), []);
    });
  }
});
