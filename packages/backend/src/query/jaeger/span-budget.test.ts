import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planAnswer } from './span-budget.js';

test('planAnswer loads the traces found, in order, while their spans fit in the budget', () => {
  const spans = new Map([
    [1n, 40],
    [2n, 30],
    [3n, 30],
    [4n, 150],
    [5n, 0],
  ]);
  const rows: [string, bigint[], { load: bigint[]; cut?: bigint; left: bigint[] }][] = [
    ['all fit', [1n, 2n, 3n], { load: [1n, 2n, 3n], left: [] }],
    ['exactly the budget', [1n, 2n, 3n, 2n], { load: [1n, 2n, 3n], left: [] }],
    ['stops at the first that does not fit', [1n, 2n, 4n, 3n], { load: [1n, 2n], left: [4n, 3n] }],
    ['a first trace over the budget is cut alone', [4n, 1n], { load: [4n], cut: 4n, left: [1n] }],
    ['traces with no stored span are not found', [5n, 9n, 1n], { load: [1n], left: [] }],
    ['nothing found', [], { load: [], left: [] }],
  ];
  for (const [name, ids, expected] of rows) {
    assert.deepEqual(planAnswer(ids, spans, 100), expected, name);
  }
});
