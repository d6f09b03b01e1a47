import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instantQuery } from './engine';
import { fh } from './histogram/test-fixture';
import { getLabel } from './labels';
import { MemoryStorage } from './memory-storage';

// One native-histogram series and one float series under the same job, with an info metric.
function storage() {
  const s = new MemoryStorage();
  const h = fh({
    count: 5,
    sum: 4,
    positiveSpans: [{ offset: 0, length: 2 }],
    positiveBuckets: [2, 3],
  });
  s.appendHistogram(
    [
      { name: '__name__', value: 'latency' },
      { name: 'instance', value: 'a' },
      { name: 'job', value: 'api' },
    ],
    60_000,
    h,
  );
  s.append(
    [
      { name: '__name__', value: 'requests' },
      { name: 'instance', value: 'b' },
      { name: 'job', value: 'api' },
    ],
    60_000,
    3.6,
  );
  s.append(
    [
      { name: '__name__', value: 'target_info' },
      { name: 'instance', value: 'a' },
      { name: 'job', value: 'api' },
      { name: 'region', value: 'eu' },
    ],
    60_000,
    1,
  );
  return s;
}

// What each function leaves of the two series: the histogram's count, or the float's value.
const cases: { query: string; histograms: number[]; floats: number[] }[] = [
  { query: 'info({job="api", __name__!="target_info"})', histograms: [5], floats: [3.6] },
  {
    query: 'label_replace({job="api", instance!=""}, "x", "y", "", "")',
    histograms: [5],
    floats: [3.6, 1],
  },
  { query: 'label_join({job="api"}, "x", "-", "instance")', histograms: [5], floats: [3.6, 1] },
  {
    query: 'sort_by_label({__name__=~"latency|requests"}, "instance")',
    histograms: [5],
    floats: [3.6],
  },
  { query: 'sort({__name__=~"latency|requests"})', histograms: [], floats: [3.6] },
  { query: 'round({__name__=~"latency|requests"})', histograms: [], floats: [4] },
  { query: 'clamp_max({__name__=~"latency|requests"}, 1)', histograms: [], floats: [1] },
  { query: 'histogram_count({__name__=~"latency|requests"})', histograms: [], floats: [5] },
];

test('functions keep, drop or read native histograms as Prometheus does', async () => {
  for (const c of cases) {
    const r = await instantQuery(storage(), c.query, 90_000);
    assert.ok(r.resultType === 'vector', c.query);
    const histograms = r.result.flatMap((s) => (s.h ? [s.h.count] : []));
    const floats = r.result.flatMap((s) => (s.h ? [] : [s.v]));
    assert.deepEqual(histograms.sort(), c.histograms.sort(), `${c.query}: histograms`);
    assert.deepEqual(floats.sort(), c.floats.sort(), `${c.query}: floats`);
  }
});

test('info() adds the info labels to a histogram series and keeps its histogram', async () => {
  const r = await instantQuery(storage(), 'info(latency)', 90_000);
  assert.ok(r.resultType === 'vector');
  assert.equal(getLabel(r.result[0]?.metric ?? [], 'region'), 'eu');
  assert.equal(r.result[0]?.h?.count, 5);
});
