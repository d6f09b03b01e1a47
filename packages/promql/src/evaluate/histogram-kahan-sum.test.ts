import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FloatHistogram } from '../histogram/float-histogram';
import { fh } from '../histogram/test-fixture';
import { HistogramKahanSum } from './histogram-kahan-sum';

const oneBucket = (count: number, schema = 0) =>
  fh({
    schema,
    count,
    sum: count,
    positiveSpans: [{ offset: 1, length: 1 }],
    positiveBuckets: [count],
  });

function sumOf(hs: FloatHistogram[]): FloatHistogram {
  const acc = new HistogramKahanSum(hs[0] as FloatHistogram);
  for (const h of hs.slice(1)) assert.equal(acc.add(h).ok, true);
  return acc.result();
}

describe('HistogramKahanSum', () => {
  // [name, addends, expected count (= sum = the one bucket)]: plain addition would lose the 1s.
  const rows: [string, FloatHistogram[], number][] = [
    ['small value between large ones', [oneBucket(1e100), oneBucket(1), oneBucket(-1e100)], 1],
    ['two small values', [oneBucket(1), oneBucket(1e100), oneBucket(1), oneBucket(-1e100)], 2],
  ];
  for (const [name, hs, expected] of rows) {
    test(`compensates count, sum and buckets: ${name}`, () => {
      const r = sumOf(hs);
      assert.equal(r.count, expected);
      assert.equal(r.sum, expected);
      assert.deepEqual(r.positiveBuckets, [expected]);
    });
  }

  test('a schema change drops bucket compensation but keeps count and sum', () => {
    // Bucket 1 at schema 1 maps onto bucket 1 at schema 0: the layout changes under the sum.
    const r = sumOf([oneBucket(1e100, 1), oneBucket(1), oneBucket(-1e100)]);
    assert.equal(r.schema, 0);
    assert.equal(r.count, 1);
    assert.equal(r.sum, 1);
    assert.deepEqual(r.positiveBuckets, [0]);
  });

  test('exponential and custom buckets do not add', () => {
    const acc = new HistogramKahanSum(oneBucket(1));
    const custom = fh({ schema: -53, customValues: [1], count: 1, sum: 1 });
    assert.deepEqual(acc.add(custom), { ok: false, reconciled: false });
  });

  test('divide and scale apply to the compensation too', () => {
    const acc = new HistogramKahanSum(oneBucket(1e100));
    acc.add(oneBucket(4));
    acc.add(oneBucket(-1e100));
    acc.divide(2);
    assert.equal(acc.result().count, 2);
    acc.scale(3);
    assert.deepEqual(acc.result().positiveBuckets, [6]);
  });
});
