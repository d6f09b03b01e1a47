import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatApiFloat } from './api-float.js';

const CASES: [number, string][] = [
  [0, '0'],
  [1, '1'],
  [-2.5, '-2.5'],
  [0.1, '0.1'],
  [1e-6, '0.000001'],
  [1e-7, '1e-07'],
  [-1.5e-7, '-1.5e-07'],
  [123456789012345680000, '123456789012345680000'],
  [1e21, '1e+21'],
  [1.5e300, '1.5e+300'],
  [Number.POSITIVE_INFINITY, '+Inf'],
  [Number.NEGATIVE_INFINITY, '-Inf'],
  [Number.NaN, 'NaN'],
];

for (const [value, expected] of CASES) {
  test(`${value} is written ${expected}`, () => assert.equal(formatApiFloat(value), expected));
}
