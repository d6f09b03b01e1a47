import assert from 'node:assert/strict';
import { test } from 'node:test';
import { madeOnRead } from './made-on-read';

test('made on each of the first two reads, then kept', () => {
  let made = 0;
  const read = madeOnRead(() => ({ n: ++made }));
  const first = read();
  const second = read();
  assert.notEqual(first, second);
  assert.equal(read(), second);
  assert.equal(read(), second);
  assert.equal(made, 2);
});

test('an error on a read is thrown to that reader and the next read tries again', () => {
  let calls = 0;
  const read = madeOnRead(() => {
    calls++;
    if (calls === 1) throw new Error('damaged');
    return calls;
  });
  assert.throws(read, /damaged/);
  assert.equal(read(), 2);
});
