import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpuLane } from './cpu-lane.js';

/** Computes `slices` slices in `lane`, writing `name` into `log` at the start of each. */
async function task(lane: CpuLane, name: string, slices: number, log: string[]): Promise<void> {
  await lane.enter();
  try {
    for (let slice = 0; slice < slices; slice++) {
      log.push(name);
      while (!lane.spent()) {
        // Computing.
      }
      await lane.yield();
    }
  } finally {
    lane.leave();
  }
}

test('tasks in the lane take turns a slice at a time, and the event loop turns between slices', async () => {
  const lane = new CpuLane();
  const log: string[] = [];
  // I/O waiting for the event loop: each turn it gets is logged.
  let turns = 0;
  const ticker = setInterval(() => turns++, 0);
  const tasks = [task(lane, 'a', 3, log), task(lane, 'b', 3, log), task(lane, 'c', 2, log)];
  assert.equal(lane.queued, 2, 'one computes, two wait');
  await Promise.all(tasks);
  clearInterval(ticker);
  assert.deepEqual(log, ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b']);
  assert.ok(turns >= 4, `the event loop turned ${turns} times in 8 slices`);
  assert.equal(lane.queued, 0);
});

test('a task that fails leaves the lane to the next', async () => {
  const lane = new CpuLane();
  const failing = (async () => {
    await lane.enter();
    try {
      throw new Error('broken');
    } finally {
      lane.leave();
    }
  })();
  const log: string[] = [];
  const next = task(lane, 'next', 1, log);
  await assert.rejects(failing, /broken/);
  await next;
  assert.deepEqual(log, ['next']);
});
