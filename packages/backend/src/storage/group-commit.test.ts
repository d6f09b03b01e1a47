import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGroupCommit } from './group-commit.js';
import { createWriteQueue, QueueFullError } from './write-queue.js';

/** A writer that takes `ms` per transaction and records each group it wrote. */
function slowWriter(ms: number, fail?: (group: number[]) => boolean) {
  const groups: number[][] = [];
  const write = async (group: number[]) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (fail?.(group)) throw new Error(`group ${group.join(',')} failed`);
    groups.push(group);
  };
  return { groups, write };
}

test('items that wait while the writer is busy go in one transaction, in order', async () => {
  const writer = slowWriter(20);
  const commit = createGroupCommit(createWriteQueue(8), writer.write, 64);
  const first = commit.write(0);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const rest = Array.from({ length: 9 }, (_, i) => commit.write(i + 1));
  await Promise.all([first, ...rest]);
  assert.deepEqual(writer.groups, [[0], [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
});

test('an item resolves only after its own group committed; a failed group rejects its items', async () => {
  const writer = slowWriter(10, (group) => group.includes(3));
  const commit = createGroupCommit(createWriteQueue(8), writer.write, 64);
  const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => commit.write(i)));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
  assert.ok(failed.includes(3));
  assert.deepEqual(
    writer.groups.flat().sort(),
    [0, 1, 2, 3, 4, 5].filter((i) => !failed.includes(i)),
    'exactly the items that resolved were written',
  );
});

test('past the limit, items are refused at once instead of waiting', async () => {
  const writer = slowWriter(30);
  const commit = createGroupCommit(createWriteQueue(8), writer.write, 3);
  const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => commit.write(i)));
  const refused = results.filter((r) => r.status === 'rejected');
  assert.ok(refused.length > 0);
  for (const r of refused) {
    assert.ok(r.status === 'rejected' && r.reason instanceof QueueFullError);
  }
});
