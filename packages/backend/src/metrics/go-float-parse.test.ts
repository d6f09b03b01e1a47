import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoFloat } from './go-float-parse.js';

const cases: [string, number | undefined][] = [
  ['1', 1],
  ['-0.5', -0.5],
  ['+.5', 0.5],
  ['1e-07', 1e-7],
  ['1.5E+3', 1500],
  ['007', 7],
  ['+Inf', Number.POSITIVE_INFINITY],
  ['-inf', Number.NEGATIVE_INFINITY],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['NaN', Number.NaN],
  ['nan', Number.NaN],
  ['+NaN', undefined],
  ['1e400', undefined],
  ['0x10', undefined],
  ['0b1', undefined],
  ['1_000', undefined],
  ['', undefined],
  ['-', undefined],
  ['1e', undefined],
  [' 1', undefined],
  ['one', undefined],
];
for (const [token, expected] of cases) {
  test(`${JSON.stringify(token)} → ${expected}`, () => assert.equal(parseGoFloat(token), expected));
}
