import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLatencyRecorder } from './latency.js';

/** HDR with three significant digits: within 0.1 % of the exact value. */
const close = (actual: number, expected: number) =>
  assert.ok(
    Math.abs(actual - expected) <= expected * 0.001,
    `${actual} is not within 0.1 % of ${expected}`,
  );

test('percentiles of 1..1000 ms, recorded in shuffled order', () => {
  const recorder = createLatencyRecorder();
  const values = Array.from({ length: 1000 }, (_, i) => i + 1);
  for (let i = values.length - 1; i > 0; i -= 1) {
    const j = (i * 7919) % (i + 1);
    [values[i], values[j]] = [values[j] as number, values[i] as number];
  }
  for (const value of values) recorder.record(value);
  const summary = recorder.summary();
  assert.equal(recorder.count, 1000);
  close(summary.p50, 500);
  close(summary.p95, 950);
  close(summary.p99, 990);
  assert.equal(summary.max, 1000);
});

test('a skewed distribution: 98 fast requests and two slow ones', () => {
  const recorder = createLatencyRecorder();
  for (let i = 0; i < 98; i += 1) recorder.record(20);
  recorder.record(700);
  recorder.record(2500.25);
  const summary = recorder.summary();
  close(summary.p50, 20);
  close(summary.p95, 20);
  close(summary.p99, 700);
  assert.equal(summary.max, 2500.25, 'the maximum is exact');
});

test('sub-millisecond values keep microseconds, and no percentile exceeds the max', () => {
  const recorder = createLatencyRecorder();
  recorder.record(0.25);
  const summary = recorder.summary();
  assert.deepEqual(summary, { p50: 0.25, p95: 0.25, p99: 0.25, max: 0.25 });
});

test('nothing recorded: zeros', () => {
  assert.deepEqual(createLatencyRecorder().summary(), { p50: 0, p95: 0, p99: 0, max: 0 });
});
