import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runClosedLoop } from './closed-loop.js';
import { createFakeClock } from './test-support/fake-clock.js';

async function simulate(options: {
  loops: number;
  pauseMs: number;
  limit: { iterations: number } | { durationMs: number };
  roundMs: number;
}) {
  const { clock, run } = createFakeClock();
  const starts: number[] = [];
  const result = await run(
    runClosedLoop({
      ...options,
      clock,
      stop: new AbortController().signal,
      async round(index) {
        starts[index] = clock.now();
        await clock.sleep(options.roundMs);
      },
    }),
  );
  return { ...result, starts, endedAt: clock.now() };
}

test('the lab loop: a round, a pause, again; no pause after the last round', async () => {
  const run = await simulate({ loops: 1, pauseMs: 500, limit: { iterations: 3 }, roundMs: 100 });
  assert.equal(run.rounds, 3);
  assert.deepEqual(run.starts, [0, 600, 1200]);
  assert.equal(run.endedAt, 1300);
});

test('--concurrency runs loops side by side, sharing the rounds', async () => {
  const run = await simulate({ loops: 2, pauseMs: 500, limit: { iterations: 3 }, roundMs: 100 });
  assert.deepEqual(run.starts, [0, 0, 600]);
  assert.equal(run.endedAt, 700);
});

test('a duration ends the loop, and the last pause does not run past it', async () => {
  const run = await simulate({
    loops: 1,
    pauseMs: 500,
    limit: { durationMs: 1000 },
    roundMs: 100,
  });
  assert.deepEqual(run.starts, [0, 600]);
  assert.equal(run.endedAt, 1000);
});
