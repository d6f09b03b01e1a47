import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allBuckets, allBucketsReverse, sideBuckets } from './bucket-iterator';
import { CUSTOM_BUCKETS_SCHEMA } from './float-histogram';
import { fh } from './test-fixture';

/** A bucket in the usual interval notation with its count, as Prometheus's Bucket.String writes it. */
const show = (b: {
  lower: number;
  upper: number;
  lowerInclusive: boolean;
  upperInclusive: boolean;
  count: number;
}) =>
  `${b.lowerInclusive ? '[' : '('}${b.lower},${b.upper}${b.upperInclusive ? ']' : ')'}:${b.count}`;

describe('the buckets of one side', () => {
  // Prometheus's iterator test: schema 3, spans at -5…-4, -1…1, 4…5.
  const h = fh({
    schema: 3,
    positiveSpans: [
      { offset: -5, length: 2 },
      { offset: 2, length: 3 },
      { offset: 2, length: 2 },
    ],
    positiveBuckets: [1, 3, 1, 2, 1, 1, 4],
  });
  test('positive, ascending, with bounds from the schema', () =>
    assert.deepEqual(sideBuckets(h, true).map(show), [
      '(0.5946035575013605,0.6484197773255048]:1',
      '(0.6484197773255048,0.7071067811865475]:3',
      '(0.8408964152537144,0.9170040432046711]:1',
      '(0.9170040432046711,1]:2',
      '(1,1.0905077326652577]:1',
      '(1.2968395546510096,1.414213562373095]:1',
      '(1.414213562373095,1.5422108254079407]:4',
    ]));
  test('merged to a lower schema', () =>
    assert.deepEqual(
      sideBuckets(h, true, 1).map((b) => [b.index, b.count]),
      [
        [-1, 4],
        [0, 3],
        [1, 2],
        [2, 4],
      ],
    ));
  test('skipping buckets inside a zero threshold', () =>
    assert.deepEqual(
      sideBuckets(h, true, 3, 0.9).map((b) => b.index),
      [-1, 0, 1, 4, 5],
    ));
  test('negative buckets mirror the positive ones', () => {
    const neg = fh({
      schema: 0,
      negativeSpans: [{ offset: 0, length: 3 }],
      negativeBuckets: [1, 3, 1],
    });
    assert.deepEqual(sideBuckets(neg, false).map(show), ['[-1,-0.5):1', '[-2,-1):3', '[-4,-2):1']);
  });
});

describe('all buckets in order', () => {
  const h = fh({
    schema: 0,
    zeroThreshold: 0.75,
    zeroCount: 2,
    positiveSpans: [{ offset: 0, length: 2 }],
    positiveBuckets: [1, 5],
    negativeSpans: [{ offset: 1, length: 2 }],
    negativeBuckets: [3, 4],
  });
  test('ascending: negative, zero, positive; buckets cut at the zero threshold', () =>
    assert.deepEqual(allBuckets(h).map(show), [
      '[-4,-2):4',
      '[-2,-1):3',
      '[-0.75,0.75]:2',
      '(0.75,1]:1',
      '(1,2]:5',
    ]));
  test('descending', () =>
    assert.deepEqual(
      allBucketsReverse(h).map((b) => b.count),
      [5, 1, 2, 3, 4],
    ));
  test('an empty zero bucket is left out', () =>
    assert.deepEqual(
      allBuckets({ ...h, zeroCount: 0 }).map((b) => b.count),
      [4, 3, 1, 5],
    ));
});

test('custom buckets: -Inf below the first, +Inf above the last, first bucket closed', () => {
  const h = fh({
    schema: CUSTOM_BUCKETS_SCHEMA,
    positiveSpans: [
      { offset: 0, length: 2 },
      { offset: 1, length: 1 },
    ],
    positiveBuckets: [1, 2, 3],
    customValues: [0, 10, 20],
  });
  assert.deepEqual(allBuckets(h).map(show), ['[-Infinity,0]:1', '(0,10]:2', '(20,Infinity]:3']);
});
