import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatValue } from './units.js';

test('formatValue', () => {
  const cases: [number | null, string | undefined, string][] = [
    [0.123, 's', '123 ms'],
    [1.5, 's', '1.5 s'],
    [0.0000042, 's', '4.2 µs'],
    [90, 's', '1.5 min'],
    [0, 's', '0 s'],
    [250, 'ms', '250 ms'],
    [2500, 'ms', '2.5 s'],
    [12.345, 'reqps', '12.3 req/s'],
    [1234, 'reqps', '1.23 K req/s'],
    [0.0523, 'percentunit', '5.23%'],
    [1, 'percentunit', '100%'],
    [42, 'percent', '42%'],
    [3, 'short', '3'],
    [1_500_000, 'short', '1.5 M'],
    [7, undefined, '7'],
    [2048, 'bytes', '2 KiB'],
    [5, 'widgets', '5 widgets'],
    [null, 's', 'No data'],
    [Number.NaN, 's', 'No data'],
    [Number.POSITIVE_INFINITY, 's', '+Inf'],
  ];
  for (const [value, unit, expected] of cases)
    assert.equal(formatValue(value, unit), expected, `${value} ${unit}`);
  assert.equal(formatValue(0.5, 'percentunit', 2), '50.00%');
});
