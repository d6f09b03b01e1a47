import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { instantQuery, rangeQuery } from '../engine';
import { CUSTOM_BUCKETS_SCHEMA } from '../histogram/float-histogram';
import { fh } from '../histogram/test-fixture';
import { MemoryStorage } from '../memory-storage';

const span = [{ offset: 0, length: 2 }];
const metric = (name: string, id: string) => [
  { name: '__name__', value: name },
  { name: 'id', value: id },
];

/** `lat` holds histograms in two series; `mix` is a float at 0 and a histogram from 60s. */
function storage() {
  const s = new MemoryStorage();
  for (const [id, n] of [
    ['a', 1],
    ['b', 2],
  ] as const) {
    s.appendHistogram(
      metric('lat', id),
      0,
      fh({ count: 3 * n, sum: n, positiveSpans: span, positiveBuckets: [n, 2 * n] }),
    );
  }
  s.append(metric('mix', 'a'), 0, 5);
  s.append(metric('mix', 'b'), 0, 7);
  s.appendHistogram(metric('mix', 'a'), 60_000, fh({ count: 1, sum: 1 }));
  s.appendHistogram(metric('mix', 'b'), 60_000, fh({ count: 2, sum: 2 }));
  s.appendHistogram(
    metric('nhcb', 'a'),
    0,
    fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      customValues: [1],
      count: 1,
      positiveSpans: span,
      positiveBuckets: [1, 0],
    }),
  );
  s.appendHistogram(metric('nhcb', 'b'), 0, fh({ count: 1, sum: 1 }));
  return s;
}

describe('aggregations over native histograms', () => {
  test('a range query sums floats at one step and histograms at another', async () => {
    const r = await rangeQuery(storage(), 'sum(mix)', 0, 60_000, 60_000);
    assert.ok(r.resultType === 'matrix');
    const [s] = r.result;
    assert.deepEqual(s?.timestamps, [0]);
    assert.deepEqual(s?.values, [12]);
    assert.deepEqual(s?.histogramTimestamps, [60_000]);
    assert.equal(s?.histograms?.[0]?.count, 3);
    assert.equal(r.warnings, undefined);
  });

  test('count and group count histograms (not through the float-only fast path)', async () => {
    const r = await rangeQuery(storage(), 'count(mix)', 0, 60_000, 60_000);
    assert.ok(r.resultType === 'matrix');
    assert.deepEqual(r.result[0]?.values, [2, 2]);
    const g = await instantQuery(storage(), 'group(lat)', 0);
    assert.deepEqual(g.resultType === 'vector' && g.result.map((x) => x.v), [1]);
  });

  test('avg divides every count; the result is compacted', async () => {
    const r = await instantQuery(storage(), 'avg(lat)', 0);
    assert.ok(r.resultType === 'vector');
    const h = r.result[0]?.h;
    assert.deepEqual([h?.count, h?.sum, h?.positiveBuckets], [4.5, 1.5, [1.5, 3]]);
  });

  test('exponential and custom buckets in one group drop it with a warning naming the metric', async () => {
    const r = await instantQuery(storage(), 'sum by (__name__) ({__name__="nhcb"})', 0);
    assert.deepEqual(r.resultType === 'vector' && r.result, []);
    assert.deepEqual(r.warnings, [
      'PromQL warning: vector contains a mix of histograms with exponential and custom buckets schemas for metric name "nhcb" (1:20)',
    ]);
  });

  test('topk with k < 1 returns nothing and says nothing about histograms', async () => {
    const r = await instantQuery(storage(), 'topk(0, lat)', 0);
    assert.deepEqual(r.resultType === 'vector' && r.result, []);
    assert.equal(r.infos, undefined);
  });

  test('count_values labels a histogram with its string form', async () => {
    const r = await instantQuery(storage(), 'count_values("v", lat{id="a"})', 0);
    assert.ok(r.resultType === 'vector');
    assert.deepEqual(r.result[0]?.metric, [
      { name: 'v', value: '{count:3, sum:1, (0.5,1]:1, (1,2]:2}' },
    ]);
  });
});
