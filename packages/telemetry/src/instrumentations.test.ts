import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routePathOf } from './instrumentations.js';

// Express routes are case-insensitive and ignore a trailing slash, so /HEALTH/ must match /health.
const rows: [string | undefined, string][] = [
  ['/health', '/health'],
  ['/health?verbose=1', '/health'],
  ['/HEALTH', '/health'],
  ['/metrics/', '/metrics'],
  ['/Metrics/?x', '/metrics'],
  ['/', '/'],
  [undefined, '/'],
  ['/api/orders', '/api/orders'],
];
for (const [url, expected] of rows) {
  test(`routePathOf(${JSON.stringify(url)}) is ${expected}`, () => {
    assert.equal(routePathOf(url), expected);
  });
}
