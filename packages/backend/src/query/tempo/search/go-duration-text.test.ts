import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goDurationText } from './go-duration-text.js';

const CASES: [bigint, string][] = [
  [0n, '0s'],
  [250n, '250ns'],
  [1_500n, '1.5µs'],
  [250_000_000n, '250ms'],
  [1_000_000_001n, '1.000000001s'],
  [1_500_000_000n, '1.5s'],
  [90_000_000_000n, '1m30s'],
  [7_200_000_000_000n, '2h0m0s'],
  [3_661_500_000_000n, '1h1m1.5s'],
  [-1_500_000n, '-1.5ms'],
];

test('goDurationText writes durations as Go prints them', () => {
  for (const [ns, text] of CASES) assert.equal(goDurationText(ns), text, String(ns));
});
