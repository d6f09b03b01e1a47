import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addHistograms } from './add';
import { compactHistogram } from './compact';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { HistogramKahanSum } from './kahan-sum';
import { fh } from './test-fixture';

const exp0 = fh({
  schema: 0,
  zeroThreshold: 0.01,
  zeroCount: 2,
  count: 11,
  sum: 20,
  positiveSpans: [
    { offset: -1, length: 2 },
    { offset: 2, length: 1 },
  ],
  positiveBuckets: [1, 3, 2],
  negativeSpans: [{ offset: 0, length: 2 }],
  negativeBuckets: [1, 2],
});
const exp1 = fh({
  schema: 1,
  zeroThreshold: 0.01,
  zeroCount: 1,
  count: 9,
  sum: -3,
  positiveSpans: [{ offset: 0, length: 4 }],
  positiveBuckets: [1, 2, 0, 4],
  negativeSpans: [{ offset: 3, length: 1 }],
  negativeBuckets: [1],
});
const wideZero = fh({
  schema: 0,
  zeroThreshold: 1,
  zeroCount: 3,
  count: 6,
  sum: 4,
  positiveSpans: [{ offset: 1, length: 2 }],
  positiveBuckets: [2, 1],
});
const custom = (bounds: number[], buckets: number[]) =>
  fh({
    schema: CUSTOM_BUCKETS_SCHEMA,
    customValues: bounds,
    count: buckets.reduce((a, b) => a + b, 0),
    sum: 7,
    positiveSpans: [{ offset: 0, length: buckets.length }],
    positiveBuckets: buckets,
  });

function plainSum(hs: FloatHistogram[]): FloatHistogram {
  let acc = hs[0] as FloatHistogram;
  for (const h of hs.slice(1)) {
    const r = addHistograms(acc, h);
    assert.ok(r.ok);
    acc = r.histogram;
  }
  return compactHistogram(acc);
}

test('HistogramKahanSum adds as Prometheus adds where no rounding happens', () => {
  const cases: { name: string; hs: FloatHistogram[]; reconciled?: boolean }[] = [
    { name: 'same schema', hs: [exp0, exp0, exp0] },
    { name: 'lower schema later', hs: [exp1, exp0] },
    { name: 'higher schema later', hs: [exp0, exp1, exp1] },
    { name: 'wider zero bucket later', hs: [exp0, wideZero] },
    { name: 'wider zero bucket first', hs: [wideZero, exp1] },
    { name: 'custom, same bounds', hs: [custom([1, 2], [1, 2, 3]), custom([1, 2], [4, 0, 1])] },
    {
      name: 'custom, mismatched bounds',
      hs: [custom([1, 2], [1, 2, 3]), custom([2, 5], [4, 1, 1])],
      reconciled: true,
    },
  ];
  for (const c of cases) {
    const acc = HistogramKahanSum.of(c.hs[0] as FloatHistogram);
    let reconciled = false;
    for (const h of c.hs.slice(1)) {
      const r = acc.add(h);
      assert.ok(r.ok, c.name);
      reconciled ||= r.customBoundsReconciled;
    }
    assert.deepEqual(acc.value(), plainSum(c.hs), c.name);
    assert.equal(reconciled, c.reconciled ?? false, c.name);
  }
});

test('HistogramKahanSum compensates what plain addition loses', () => {
  const parts = [1e100, 1, -1e100].map((sum) =>
    fh({ count: 1, sum, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [sum] }),
  );
  const acc = HistogramKahanSum.of(parts[0] as FloatHistogram);
  for (const h of parts.slice(1)) acc.add(h);
  const h = acc.value();
  assert.equal(h.sum, 1);
  assert.equal(h.count, 3);
  assert.deepEqual(h.positiveBuckets, [1]);
  assert.equal(plainSum(parts).sum, 0, 'plain addition loses the 1');
});

test('HistogramKahanSum refuses exponential with custom buckets and leaves the sum as it was', () => {
  const acc = HistogramKahanSum.of(exp0);
  assert.deepEqual(acc.add(custom([1], [1, 1])), { ok: false });
  assert.deepEqual(acc.value(), compactHistogram(exp0));
});

test('HistogramKahanSum reports overflow and scales values with their compensation', () => {
  const big = fh({
    count: 1.7e308,
    sum: 1,
    positiveSpans: [{ offset: 0, length: 1 }],
    positiveBuckets: [1.7e308],
  });
  const acc = HistogramKahanSum.of(big);
  const copy = acc.copy();
  acc.add(big);
  assert.equal(acc.hasOverflow(), true);
  assert.equal(copy.hasOverflow(), false, 'a copy is independent');
  copy.divide(4);
  copy.multiply(2);
  assert.deepEqual(copy.value(), { ...big, count: 8.5e307, sum: 0.5, positiveBuckets: [8.5e307] });
});
