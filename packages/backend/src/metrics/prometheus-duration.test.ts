import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPrometheusDuration, parsePrometheusDuration } from './prometheus-duration.js';

const valid: [string, number, string][] = [
  ['0', 0, '0s'],
  ['15s', 15_000, '15s'],
  ['1m', 60_000, '1m'],
  ['1h30m', 5_400_000, '1h30m'],
  ['500ms', 500, '500ms'],
  ['1m30s250ms', 90_250, '1m30s250ms'],
  ['2d', 172_800_000, '2d'],
  ['1w', 604_800_000, '1w'],
  ['1y', 31_536_000_000, '1y'],
  ['90s', 90_000, '1m30s'],
];
for (const [text, ms, canonical] of valid) {
  test(`${text} is ${ms} ms`, () => {
    assert.deepEqual(parsePrometheusDuration(text), { ms });
    assert.equal(formatPrometheusDuration(ms), canonical);
  });
}

const invalid: [string, string][] = [
  ['', 'empty duration string'],
  ['15', 'not a valid duration string: "15"'],
  ['1.5s', 'not a valid duration string: "1.5s"'],
  ['30m1h', 'not a valid duration string: "30m1h"'],
  ['1S', 'not a valid duration string: "1S"'],
  ['-1s', 'not a valid duration string: "-1s"'],
  ['1s ', 'not a valid duration string: "1s "'],
];
for (const [text, error] of invalid) {
  test(`${JSON.stringify(text)} is rejected`, () => {
    assert.deepEqual(parsePrometheusDuration(text), { error });
  });
}
