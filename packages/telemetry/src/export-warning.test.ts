import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { globalErrorHandler } from '@opentelemetry/core';
import { type ExportHealth, installExportWarning } from './index.js';

// installExportWarning replaces the process-wide OTel error handler; this file has its own process.
const INTERVAL_MS = 60_000;
const ENDPOINT = 'http://collector.invalid:4318';
let clock = 0;
let warnings: string[] = [];
let health: ExportHealth;

beforeEach(() => {
  clock = 1_000_000;
  warnings = [];
  health = installExportWarning({
    endpoint: ENDPOINT,
    intervalMs: INTERVAL_MS,
    warn: (message) => warnings.push(message),
    now: () => clock,
  });
});

test('the first export error warns at once, with the endpoint and the reason', () => {
  globalErrorHandler(new Error('connect ECONNREFUSED 127.0.0.1:4318'));
  assert.equal(warnings.length, 1);
  assert.equal(
    warnings[0],
    `telemetry error (exporting to ${ENDPOINT}): connect ECONNREFUSED 127.0.0.1:4318; telemetry may be lost, requests are served as usual`,
  );
});

test('a reason that is not an Error is shown as text', () => {
  globalErrorHandler('timeout after 10000 ms' as unknown as Error);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /\): timeout after 10000 ms;/);
});

test('errors within the interval are silenced, and the next warning says how many', () => {
  globalErrorHandler(new Error('first'));
  for (const offset of [1, 10_000, INTERVAL_MS - 1]) {
    clock = 1_000_000 + offset;
    globalErrorHandler(new Error(`silenced at +${offset} ms`));
  }
  assert.equal(warnings.length, 1, 'only the first error warned');

  clock = 1_000_000 + INTERVAL_MS;
  globalErrorHandler(new Error('after the interval'));
  assert.equal(warnings.length, 2);
  assert.match(warnings[1] ?? '', /\): after the interval;/);
  assert.match(warnings[1] ?? '', /\(3 similar errors silenced\)$/);
  assert.ok(warnings[1]?.includes(ENDPOINT));
});

test('the interval restarts from the last warning, and the silenced count from zero', () => {
  globalErrorHandler(new Error('one'));
  clock += 1_000;
  globalErrorHandler(new Error('two'));
  clock += INTERVAL_MS;
  globalErrorHandler(new Error('three'));
  assert.equal(warnings.length, 2);
  assert.match(warnings[1] ?? '', /\(1 similar errors silenced\)$/);

  // Measured from the warning at "three", not from the first one.
  clock += INTERVAL_MS - 1;
  globalErrorHandler(new Error('four'));
  assert.equal(warnings.length, 2, '"four" falls within the interval after "three"');
  clock += 1;
  globalErrorHandler(new Error('five'));
  assert.equal(warnings.length, 3);
  assert.match(warnings[2] ?? '', /\): five;.*\(1 similar errors silenced\)$/);

  clock += INTERVAL_MS;
  globalErrorHandler(new Error('six'));
  assert.equal(warnings.length, 4);
  assert.doesNotMatch(warnings[3] ?? '', /silenced/, 'nothing was silenced since "five"');
});

test('exports count as failing for one interval after the last error', () => {
  assert.equal(health.failing(), false);
  globalErrorHandler(new Error('connect ECONNREFUSED'));
  assert.equal(health.failing(), true);
  clock += INTERVAL_MS - 1;
  assert.equal(health.failing(), true);
  clock += 1;
  assert.equal(health.failing(), false);
});
