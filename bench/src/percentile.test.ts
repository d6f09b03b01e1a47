import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile } from './percentile.js';

test('percentile is the nearest rank, whatever order the timings come in', () => {
  const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  const cases: { values: number[]; p: number; expected: number }[] = [
    { values: ten, p: 50, expected: 5 },
    { values: ten, p: 95, expected: 10 },
    { values: ten, p: 90, expected: 9 },
    { values: ten, p: 0, expected: 1 },
    { values: ten, p: 100, expected: 10 },
    { values: [42], p: 95, expected: 42 },
    { values: [3, 1, 2], p: 50, expected: 2 },
  ];
  for (const { values, p, expected } of cases) {
    assert.equal(percentile(values, p), expected, `p${p} of ${values.join(',')}`);
  }
});

test('percentile of no timings is NaN, not a figure', () => {
  assert.ok(Number.isNaN(percentile([], 95)));
});

test('percentile leaves the timings in their order', () => {
  const values = [3, 1, 2];
  percentile(values, 50);
  assert.deepEqual(values, [3, 1, 2]);
});
