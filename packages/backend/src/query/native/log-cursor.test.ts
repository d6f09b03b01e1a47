import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cursorCondition, formatLogCursor, parseLogCursor } from './log-cursor.js';

test('cursors: TIME-SEQ, or a bare time as earlier versions wrote them', () => {
  const rows: [string, ReturnType<typeof parseLogCursor>][] = [
    ['1700000000000000000-42', { timeNs: 1_700_000_000_000_000_000n, seq: 42n }],
    ['1700000000000000000', { timeNs: 1_700_000_000_000_000_000n }],
    ['0-0', { timeNs: 0n, seq: 0n }],
    ['9223372036854775807-9223372036854775807', { timeNs: 2n ** 63n - 1n, seq: 2n ** 63n - 1n }],
    ['9223372036854775808-1', undefined],
    ['1-9223372036854775808', undefined],
    ['', undefined],
    ['-1', undefined],
    ['1-', undefined],
    ['1-2-3', undefined],
    ['1.5', undefined],
    ['constructor', undefined],
  ];
  for (const [text, expected] of rows) assert.deepEqual(parseLogCursor(text), expected, text);
  assert.equal(formatLogCursor(5n, 7n), '5-7');
  assert.deepEqual(parseLogCursor(formatLogCursor(5n, 7n)), { timeNs: 5n, seq: 7n });
});

test('the condition binds the cursor and breaks ties of time by seq', () => {
  const values: bigint[] = [];
  const bind = (value: bigint) => {
    values.push(value);
    return `$${values.length}`;
  };
  assert.equal(
    cursorCondition('t', { timeNs: 10n, seq: 3n }, 'before', bind),
    '(t < $1 OR (t = $1 AND seq < $2))',
  );
  assert.equal(cursorCondition('t', { timeNs: 10n }, 'after', bind), 't > $3');
  assert.deepEqual(values, [10n, 3n, 10n]);
});
