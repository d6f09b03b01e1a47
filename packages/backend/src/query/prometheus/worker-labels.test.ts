import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabelCache, LabelsSent } from './worker-labels.js';

const series = (ids: number[]) =>
  ids.map((id) => ({ id, labels: [{ name: '__name__', value: `m${id}` }] }));

/** A message as it arrives in the worker (structured clone drops nothing these hold). */
const cross = <T>(message: T): T => structuredClone(message);

test('labels cross once per worker; later selects send ids only', () => {
  const sent = new LabelsSent();
  const cache = new LabelCache();
  const first = sent.message(series([1, 2, 3]));
  assert.deepEqual(
    (JSON.parse(first.labels) as [number][]).map(([id]) => id),
    [1, 2, 3],
  );
  assert.deepEqual(cache.take(cross(first)), series([1, 2, 3]));
  const second = sent.message(series([2, 3, 4]));
  assert.deepEqual(
    (JSON.parse(second.labels) as [number][]).map(([id]) => id),
    [4],
  );
  assert.deepEqual(cache.take(cross(second)), series([2, 3, 4]));
  assert.equal(sent.message(series([1, 4])).labels, '[]');
});

test('past the bound both sides start over, and every series still has its labels', () => {
  const sent = new LabelsSent();
  const cache = new LabelCache();
  const many = Array.from({ length: 60_000 }, (_, i) => i + 1);
  cache.take(cross(sent.message(series(many))));
  const more = Array.from({ length: 10_000 }, (_, i) => 100_000 + i);
  const message = sent.message(series([5, ...more]));
  assert.equal(message.forget, true);
  assert.equal(JSON.parse(message.labels).length, 10_001);
  const got = cache.take(cross(message));
  assert.deepEqual(got[0], series([5])[0]);
  assert.equal(got.length, 10_001);
  // After forgetting, what the worker no longer holds is sent again.
  assert.equal(JSON.parse(sent.message(series([6])).labels).length, 1);
});

test('a worker asked for labels it was never told fails loudly', () => {
  const cache = new LabelCache();
  assert.throws(
    () => cache.take({ ids: Uint32Array.of(9), labels: '[]', forget: false }),
    /not told the labels of series 9/,
  );
});
