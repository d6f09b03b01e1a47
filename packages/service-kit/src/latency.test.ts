import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLatency } from './index.js';

describe('createLatency', () => {
  test('scale 0 returns 0 at once, without drawing a random number', {
    timeout: 2_000,
  }, async () => {
    let draws = 0;
    const latency = createLatency(0, () => {
      draws += 1;
      return 0.5;
    });
    const started = performance.now();
    assert.equal(await latency.pause(5_000, 10_000), 0);
    assert.ok(performance.now() - started < 50, 'no wait');
    assert.equal(draws, 0);
  });

  // (min + random * (max - min)) * scale milliseconds, and it really waits that long.
  const rows = [
    { random: 0, min: 100, max: 300, scale: 0.1, expected: 10 },
    { random: 0.5, min: 100, max: 300, scale: 0.1, expected: 20 },
    { random: 0.999, min: 100, max: 300, scale: 0.1, expected: 29.98 },
    { random: 0.25, min: 20, max: 60, scale: 1, expected: 30 },
    { random: 0.5, min: 10, max: 10, scale: 2, expected: 20 },
  ];
  for (const row of rows) {
    test(`random ${row.random} in [${row.min}, ${row.max}] at scale ${row.scale} waits ${row.expected} ms`, async () => {
      const latency = createLatency(row.scale, () => row.random);
      const started = performance.now();
      const ms = await latency.pause(row.min, row.max);
      const elapsed = performance.now() - started;
      assert.ok(Math.abs(ms - row.expected) < 1e-9, `returned ${ms}`);
      assert.ok(ms >= row.min * row.scale && ms <= row.max * row.scale, 'within the scaled bounds');
      // Timers fire no earlier than asked (give or take clock rounding), and here not much later.
      assert.ok(elapsed >= row.expected - 2, `waited only ${elapsed} ms`);
      assert.ok(elapsed < row.expected + 250, `waited ${elapsed} ms`);
    });
  }

  test('draws a fresh random number for each pause', async () => {
    const draws = [0, 1, 0.5];
    const latency = createLatency(0.01, () => draws.shift() ?? Number.NaN);
    assert.deepEqual(
      [await latency.pause(100, 200), await latency.pause(100, 200), await latency.pause(100, 200)],
      [1, 2, 1.5],
    );
  });
});
