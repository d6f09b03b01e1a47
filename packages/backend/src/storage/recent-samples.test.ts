import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStaleAt, type SampleBatch, writeStaleAt } from '../metrics/sample.js';
import { RecentSamples } from './recent-samples.js';

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;

/** One series (labels do not matter here) with these points. */
function batch(points: [number, number | 'stale'][]): SampleBatch {
  const timestampsMs = new Float64Array(points.map(([t]) => t));
  const values = new Float64Array(points.length);
  points.forEach(([, v], i) => {
    if (v === 'stale') writeStaleAt(values, i);
    else values[i] = v;
  });
  return {
    series: [{ labels: { __name__: 'x' }, first: 0, count: points.length }],
    timestampsMs,
    values,
    metadata: [],
  };
}

test('holds the window: covers it, answers from it, staleness markers intact', () => {
  let now = NOW;
  const recent = new RecentSamples(2 * HOUR, 1_000_000, () => now);
  recent.add(
    batch([
      [NOW - 3 * HOUR, 1],
      [NOW - 60_000, 2],
      [NOW - 30_000, 'stale'],
      [NOW, 4],
    ]),
    [7],
  );
  assert.equal(recent.size, 3, 'the sample before the window is not held');
  assert.equal(recent.covers(NOW - HOUR), true);
  assert.equal(recent.covers(NOW - 3 * HOUR), false);
  const got = recent.select(7, NOW - 60_000, NOW);
  assert.deepEqual([...(got?.timestamps ?? [])], [NOW - 60_000, NOW - 30_000, NOW]);
  assert.equal(got?.values[0], 2);
  assert.ok(got && isStaleAt(got.values, 1));
  assert.equal(recent.select(8, NOW - 60_000, NOW), undefined);

  now = NOW + 2 * HOUR - 45_000;
  assert.equal(recent.covers(NOW - HOUR), false, 'the window moved on');
  assert.deepEqual([...(recent.select(7, 0, Infinity)?.timestamps ?? [])], [NOW - 30_000, NOW]);
});

test('out-of-order samples land in time order; a repeated time keeps the first value', () => {
  const recent = new RecentSamples(2 * HOUR, 1_000_000, () => NOW);
  recent.add(
    batch([
      [NOW - 10, 1],
      [NOW - 30, 3],
      [NOW - 20, 2],
      [NOW - 20, 99],
    ]),
    [1],
  );
  const got = recent.select(1, 0, Infinity);
  assert.deepEqual([...(got?.timestamps ?? [])], [NOW - 30, NOW - 20, NOW - 10]);
  assert.deepEqual([...(got?.values ?? [])], [3, 2, 1]);
});

test('over the sample cap the window shrinks, oldest first, and says so', () => {
  const recent = new RecentSamples(2 * HOUR, 100, () => NOW);
  const points: [number, number][] = Array.from({ length: 400 }, (_, i) => [
    NOW - 400_000 + i * 1000,
    i,
  ]);
  recent.add(batch(points), [1]);
  assert.ok(recent.size <= 100, `${recent.size} held`);
  assert.equal(recent.covers(NOW - 400_000), false);
  const got = recent.select(1, 0, Infinity);
  assert.equal(got?.timestamps.at(-1), NOW - 1000, 'the newest are kept');
  assert.ok(recent.covers(got?.timestamps[0] ?? Infinity));
});

test('retention: samples the database deleted are forgotten here too', () => {
  const recent = new RecentSamples(2 * HOUR, 1_000_000, () => NOW);
  recent.add(
    batch([
      [NOW - HOUR, 1],
      [NOW, 2],
    ]),
    [1],
  );
  recent.forgetBefore(NOW - 1000);
  assert.deepEqual([...(recent.select(1, 0, Infinity)?.timestamps ?? [])], [NOW]);
  assert.equal(recent.covers(NOW - HOUR), false);
});

test('native histograms share the window: its floor, its cap (by their size), retention', () => {
  const recent = new RecentSamples(2 * HOUR, 100, () => NOW);
  const bytes = new Uint8Array(48); // 10 samples' worth with its object (histogramWeight)
  const times = Array.from({ length: 20 }, (_, i) => NOW - 20_000 + i * 1000);
  recent.addHistograms(
    times.map(() => 3),
    [NOW - 3 * HOUR, ...times.slice(1).reverse()], // one before the window, the rest reversed
    times.map(() => bytes),
  );
  const held = recent.histograms.select(3, 0, Infinity);
  assert.ok(held, 'histograms held');
  assert.deepEqual(
    held.timestamps,
    [...held.timestamps].sort((a, b) => a - b),
    'in time order',
  );
  assert.ok(held.timestamps.length <= 10, `${held.timestamps.length} held past the cap of 100`);
  assert.equal(held.timestamps.at(-1), NOW - 1000, 'the newest are kept');
  assert.equal(recent.covers(held.timestamps[0] as number), true);
  assert.equal(recent.covers(NOW - 20_000), false, 'the window shrank');

  recent.forgetBefore(NOW - 2000);
  assert.deepEqual(recent.histograms.select(3, 0, Infinity)?.timestamps, [NOW - 2000, NOW - 1000]);
  recent.drop([3]);
  assert.equal(recent.histograms.select(3, 0, Infinity), undefined);
  assert.equal(recent.size, 0);
});
