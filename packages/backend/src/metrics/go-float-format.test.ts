import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoFloatF, formatGoFloatG, formatOpenMetricsFloat } from './go-float-format.js';

// Expected strings are what Go's strconv.FormatFloat prints.
const cases: [number, string, string, string][] = [
  // x, 'f' -1, 'g' -1, OpenMetrics
  [0, '0', '0', '0.0'],
  [1, '1', '1', '1.0'],
  [-1, '-1', '-1', '-1.0'],
  [0.25, '0.25', '0.25', '0.25'],
  [100000, '100000', '100000', '100000.0'],
  [1e6, '1000000', '1e+06', '1e+06'],
  [2.5e6, '2500000', '2.5e+06', '2.5e+06'],
  [0.0001, '0.0001', '0.0001', '0.0001'],
  [0.00001, '0.00001', '1e-05', '1e-05'],
  [1e-7, '0.0000001', '1e-07', '1e-07'],
  [1.5e-7, '0.00000015', '1.5e-07', '1.5e-07'],
  [1e21, '1000000000000000000000', '1e+21', '1e+21'],
  [1e100, `1${'0'.repeat(100)}`, '1e+100', '1e+100'],
  [Number.POSITIVE_INFINITY, '+Inf', '+Inf', '+Inf'],
  [Number.NEGATIVE_INFINITY, '-Inf', '-Inf', '-Inf'],
  [Number.NaN, 'NaN', 'NaN', 'NaN'],
];

for (const [x, f, g, openMetrics] of cases) {
  test(`${x} formats as Go does`, () => {
    assert.equal(formatGoFloatF(x), f);
    assert.equal(formatGoFloatG(x), g);
    assert.equal(formatOpenMetricsFloat(x), openMetrics);
  });
}
