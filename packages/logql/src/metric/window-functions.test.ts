import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RangeOp } from '../ast';
import { windowFunction } from './window-functions';

const inf = Number.POSITIVE_INFINITY;
const nan = Number.NaN;

// [op, φ, values at 1 s, 2 s, ... of a 10 s window ending at 10 s, expected] (Loki's range_vector.go)
const cases: [RangeOp, number, number[], number][] = [
  ['avg_over_time', 0, [1, inf, 3], inf], // an infinite mean stays infinite
  ['avg_over_time', 0, [inf, -inf], nan],
  ['max_over_time', 0, [nan, 1, 3], 3], // NaN loses to any number
  ['max_over_time', 0, [1, nan], 1],
  ['min_over_time', 0, [nan, 5, 2], 2],
  ['quantile_over_time', 0.5, [nan, 1, 3], 1], // NaN sorts first: [NaN, 1, 3]
  ['quantile_over_time', 0.25, [4, 1, 3, 2], 1.75],
  ['quantile_over_time', -1, [1], -inf],
  ['quantile_over_time', 2, [1], inf],
  ['stdvar_over_time', 0, [2, 4, 4, 4, 5, 5, 7, 9], 4],
  ['stddev_over_time', 0, [2, 4, 4, 4, 5, 5, 7, 9], 2],
  ['first_over_time', 0, [7, 8], 7],
  ['last_over_time', 0, [7, 8], 8],
  ['sum_over_time', 0, [1.5, 2.5], 4],
  ['rate', 0, [10, 20], 3], // unwrapped: the sum per second of the 10 s range
  ['rate_counter', 0, [5], 0], // fewer than two points
  // 0, 10 at 1 s and 2 s: increase 10 over 1 s; to the window's start 1 s (zero point 0 s away, so
  // 0), to its end 8 s > 1.1 s: half the spacing, 0.5 s. 10 * 1.5 / 1 over 10 s.
  ['rate_counter', 0, [0, 10], 1.5],
];

for (const [op, phi, values, want] of cases) {
  test(`${op}${phi ? `(${phi})` : ''} of [${values.join(', ')}] is ${want}`, () => {
    const fn = windowFunction(op, 10e9, 10, true, phi);
    const got = fn({ ts: values.map((_, i) => (i + 1) * 1e9), vs: values, from: 0 }, 10e9);
    if (Number.isNaN(want)) assert.ok(Number.isNaN(got), `${got}`);
    else assert.ok(got === want || Math.abs(got - want) < 1e-12, `${got} != ${want}`);
  });
}

test('a window reads only its points from `from` on', () => {
  const count = windowFunction('count_over_time', 10e9, 10, false, 0);
  assert.equal(count({ ts: [1, 2, 3], vs: [1, 1, 1], from: 2 }, 10e9), 1);
});
