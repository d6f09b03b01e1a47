import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { instantQuery, rangeQuery } from './engine';
import { fh } from './histogram/test-fixture';
import { MemoryStorage } from './memory-storage';

const labels = [{ name: '__name__', value: 'latency' }];
const span = [{ offset: 0, length: 2 }];

function storage() {
  const s = new MemoryStorage();
  s.append(labels, 0, 1);
  s.appendHistogram(
    labels,
    60_000,
    fh({ count: 3, sum: 2, positiveSpans: span, positiveBuckets: [1, 2] }),
  );
  s.appendHistogram(
    labels,
    120_000,
    fh({ count: 5, sum: 4, positiveSpans: span, positiveBuckets: [2, 3] }),
  );
  s.appendStale(labels, 180_000);
  return s;
}

describe('selectors over native histograms', () => {
  test('an instant lookup returns the newest sample, float or histogram', async () => {
    const at0 = await instantQuery(storage(), 'latency', 30_000);
    assert.equal(at0.resultType === 'vector' && at0.result[0]?.v, 1);
    const at2 = await instantQuery(storage(), 'latency', 150_000);
    assert.ok(at2.resultType === 'vector');
    assert.equal(at2.result[0]?.h?.count, 5);
    assert.ok(Number.isNaN(at2.result[0]?.v));
  });
  test('a staleness marker after a histogram ends the series', async () => {
    const r = await instantQuery(storage(), 'latency', 200_000);
    assert.deepEqual(r.resultType === 'vector' && r.result, []);
  });
  test('a range query gives floats and histograms apart, each at its steps', async () => {
    const r = await rangeQuery(storage(), 'latency', 0, 240_000, 60_000);
    assert.ok(r.resultType === 'matrix');
    const [s] = r.result;
    assert.deepEqual(s?.timestamps, [0]);
    assert.deepEqual(s?.histogramTimestamps, [60_000, 120_000]);
    assert.deepEqual(
      s?.histograms?.map((h) => h.count),
      [3, 5],
    );
  });
  test('a matrix selector returns the histograms in its window', async () => {
    const r = await instantQuery(storage(), 'latency[2m]', 120_000);
    assert.ok(r.resultType === 'matrix');
    assert.deepEqual(r.result[0]?.histogramTimestamps, [60_000, 120_000]);
  });
  test('timestamp() of a histogram is its sample time, a float', async () => {
    const r = await instantQuery(storage(), 'timestamp(latency)', 150_000);
    assert.ok(r.resultType === 'vector');
    assert.equal(r.result[0]?.v, 120);
  });
  test('unary minus negates a histogram into a gauge', async () => {
    const r = await instantQuery(storage(), '-latency', 150_000);
    assert.ok(r.resultType === 'vector');
    assert.equal(r.result[0]?.h?.count, -5);
    assert.equal(r.result[0]?.h?.counterResetHint, 'gauge');
  });
  test('histograms count against the samples limit by their size', async () => {
    await assert.rejects(
      instantQuery(storage(), 'latency[5m]', 150_000, { maxSamples: 12 }),
      /too many samples/,
    );
  });
});
