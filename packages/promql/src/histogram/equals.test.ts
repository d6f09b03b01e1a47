import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { histogramsEqual, spansMatch } from './equals';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { fh } from './test-fixture';

// Prometheus's TestFloatHistogramEquals, as rows: [name, a, b, equal].
const h1 = fh({
  schema: 3,
  count: 2.2,
  sum: 9.7,
  zeroThreshold: 0.1,
  zeroCount: 1.1,
  positiveSpans: [{ offset: 0, length: 1 }],
  positiveBuckets: [3],
  negativeSpans: [{ offset: 0, length: 1 }],
  negativeBuckets: [4],
});
const cbh1 = fh({
  schema: CUSTOM_BUCKETS_SCHEMA,
  count: 2.2,
  sum: 9.7,
  positiveSpans: [{ offset: 0, length: 1 }],
  positiveBuckets: [3],
  customValues: [1, 2, 3],
});
const nan = Number.NaN;
const rows: [string, FloatHistogram, FloatHistogram, boolean][] = [
  ['a copy', h1, structuredClone(h1), true],
  ['count NaN', h1, { ...h1, count: nan }, false],
  ['count NaN equals itself', { ...h1, count: nan }, { ...h1, count: nan }, true],
  ['zero count NaN', h1, { ...h1, zeroCount: nan }, false],
  ['zero count NaN equals itself', { ...h1, zeroCount: nan }, { ...h1, zeroCount: nan }, true],
  ['positive bucket NaN', h1, { ...h1, positiveBuckets: [nan] }, false],
  [
    'positive bucket NaN equals itself',
    { ...h1, positiveBuckets: [nan] },
    { ...h1, positiveBuckets: [nan] },
    true,
  ],
  ['negative bucket NaN', h1, { ...h1, negativeBuckets: [nan] }, false],
  ['custom values ignored for an exponential schema', h1, { ...h1, customValues: [1, 2, 3] }, true],
  ['custom buckets, a copy', cbh1, structuredClone(cbh1), true],
  ['different custom bounds', cbh1, { ...cbh1, customValues: [1, 2, 3, 4] }, false],
  [
    'custom buckets with negative buckets',
    cbh1,
    { ...cbh1, negativeSpans: [{ offset: 0, length: 1 }], negativeBuckets: [1] },
    false,
  ],
  [
    'custom buckets with a zero bucket',
    cbh1,
    { ...cbh1, zeroThreshold: 0.1, zeroCount: 10 },
    false,
  ],
  ['sum 0 and -0 differ by bits', { ...h1, sum: 0 }, { ...h1, sum: -0 }, false],
  ['counter reset hints are not compared', h1, { ...h1, counterResetHint: 'gauge' }, true],
  [
    'empty spans in between do not matter',
    h1,
    {
      ...h1,
      positiveSpans: [
        { offset: -1, length: 0 },
        { offset: 1, length: 1 },
        { offset: 3, length: 0 },
      ],
    },
    true,
  ],
  [
    'an extra empty bucket does',
    h1,
    { ...h1, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [3, 0] },
    false,
  ],
  ['different schema', h1, { ...h1, schema: 2 }, false],
];

describe('equality as Prometheus’s Equals', () => {
  for (const [name, a, b, equal] of rows) {
    test(name, () => {
      assert.equal(histogramsEqual(a, b), equal);
      assert.equal(histogramsEqual(b, a), equal);
    });
  }
});

test('adjacent spans do not match a merged one (spansMatch compares layouts span by span)', () =>
  assert.equal(
    spansMatch(
      [{ offset: 0, length: 2 }],
      [
        { offset: 0, length: 1 },
        { offset: 0, length: 1 },
      ],
    ),
    false,
  ));
