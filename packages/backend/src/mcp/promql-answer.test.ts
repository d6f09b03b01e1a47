import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HistogramValue, MAX_POINTS, promqlAnswer } from './promql-answer.js';

const h = (count: number): HistogramValue => ({
  count: String(count),
  sum: '1.5',
  buckets: [[0, '0.5', '0.7071067811865475', String(count)]],
});

test('query_promql: an instant native-histogram sample is given as Prometheus writes it', () => {
  const answer = promqlAnswer({
    resultType: 'vector',
    result: [
      { metric: { __name__: 'latency_seconds' }, histogram: [1700000000, h(4)] },
      { metric: { __name__: 'up' }, value: [1700000000, '1'] },
    ],
  });
  assert.deepEqual(answer.items, [
    { labels: { __name__: 'latency_seconds' }, histogram: [1700000000, h(4)] },
    { labels: { __name__: 'up' }, value: [1700000000, 1] },
  ]);
  assert.equal(answer.truncated, false);
});

test('query_promql: histogram points keep the latest MAX_POINTS, counted and said', () => {
  const histograms = Array.from(
    { length: MAX_POINTS + 100 },
    (_, i) => [i, h(i)] as [number, HistogramValue],
  );
  const answer = promqlAnswer({
    resultType: 'matrix',
    result: [{ metric: { __name__: 'latency_seconds' }, values: [[0, '1']], histograms }],
  });
  const [series] = answer.items;
  assert.equal(series?.histograms?.length, MAX_POINTS);
  assert.deepEqual(series?.histograms?.at(-1), [MAX_POINTS + 99, h(MAX_POINTS + 99)]);
  assert.deepEqual(series?.values, [[0, 1]]);
  assert.equal(series?.pointCount, MAX_POINTS + 101);
  assert.equal(answer.truncated, true);
  assert.match(answer.narrow ?? '', /larger step/);
});
