import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOpenLoop } from './open-loop.js';
import { createFakeClock } from './test-support/fake-clock.js';

/** Runs the open loop on a fake clock against a server that takes `serviceMs` per request. */
async function simulate(options: {
  rate: number;
  concurrency: number;
  limit: { requests: number } | { durationMs: number };
  serviceMs: number;
  stopAtMs?: number;
}) {
  const { clock, run } = createFakeClock();
  const stop = new AbortController();
  const requests: { scheduledAt: number; startedAt: number; latency: number }[] = [];
  let lateStarts = 0;
  if (options.stopAtMs !== undefined) {
    void clock.sleep(options.stopAtMs).then(() => stop.abort());
  }
  const result = await run(
    runOpenLoop({
      rate: options.rate,
      concurrency: options.concurrency,
      limit: options.limit,
      clock,
      stop: stop.signal,
      async fire(index, scheduledAt) {
        const startedAt = clock.now();
        await clock.sleep(options.serviceMs);
        requests[index] = { scheduledAt, startedAt, latency: clock.now() - scheduledAt };
      },
      onLateStart: () => {
        lateStarts += 1;
      },
    }),
  );
  return { ...result, requests, lateStarts, endedAt: clock.now() };
}

test('requests start on a fixed schedule, whatever the server takes', async () => {
  const run = await simulate({ rate: 10, concurrency: 64, limit: { requests: 5 }, serviceMs: 250 });
  assert.equal(run.started, 5);
  assert.deepEqual(
    run.requests.map((request) => request.startedAt),
    [0, 100, 200, 300, 400],
  );
  // Each answer takes 250 ms, and several are in flight at once: no request waits for another.
  assert.deepEqual(
    run.requests.map((request) => request.latency),
    [250, 250, 250, 250, 250],
  );
  assert.equal(run.lateStarts, 0);
  assert.equal(run.endedAt, 650, 'the last answer is awaited');
});

test('when concurrency runs out, requests start late, are counted, and their latency counts from the schedule', async () => {
  const run = await simulate({ rate: 10, concurrency: 1, limit: { requests: 4 }, serviceMs: 250 });
  assert.deepEqual(
    run.requests.map((request) => request.scheduledAt),
    [0, 100, 200, 300],
  );
  assert.deepEqual(
    run.requests.map((request) => request.startedAt),
    [0, 250, 500, 750],
  );
  // A closed loop would report 250 ms each; the waiting is part of what a user would see.
  assert.deepEqual(
    run.requests.map((request) => request.latency),
    [250, 400, 550, 700],
  );
  assert.equal(run.lateStarts, 3);
});

test('a duration limit schedules rate × duration requests', async () => {
  const run = await simulate({
    rate: 4,
    concurrency: 8,
    limit: { durationMs: 1000 },
    serviceMs: 10,
  });
  assert.equal(run.started, 4);
  assert.deepEqual(
    run.requests.map((request) => request.startedAt),
    [0, 250, 500, 750],
  );
});

test('a stop starts nothing new and still awaits the requests in flight', async () => {
  const run = await simulate({
    rate: 10,
    concurrency: 64,
    limit: { requests: 100 },
    serviceMs: 500,
    stopAtMs: 250,
  });
  assert.equal(run.started, 3, 'requests due at 0, 100 and 200 ms');
  assert.equal(run.requests.filter(Boolean).length, 3, 'and all three were awaited');
  assert.equal(run.endedAt, 700);
});

test('a stop while waiting for a free slot ends the wait', async () => {
  const run = await simulate({
    rate: 100,
    concurrency: 1,
    limit: { requests: 100 },
    serviceMs: 1000,
    stopAtMs: 50,
  });
  assert.equal(run.started, 1);
  assert.equal(run.lateStarts, 1);
  assert.equal(run.endedAt, 1000);
});
