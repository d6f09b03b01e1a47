import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressBar, progressLine } from './progress.js';

test('progress against a number of requests', () => {
  const state = { ended: 45, errors: 2, elapsedMs: 12_300 };
  assert.equal(
    progressBar({ requests: 100 }, state),
    `${'█'.repeat(14)}${'░'.repeat(16)}  45 %  45/100 requests, 2 errors, 12.3 s`,
  );
  assert.equal(
    progressLine({ requests: 100 }, state),
    'traffic: 45 % (45/100 requests, 2 errors, 12.3 s)',
  );
});

test('progress against a duration, never past 100 %', () => {
  assert.equal(
    progressLine({ durationMs: 60_000 }, { ended: 7, errors: 0, elapsedMs: 15_000 }),
    'traffic: 25 % (7 requests, 0 errors, 15 s)',
  );
  assert.match(
    progressBar({ durationMs: 1000 }, { ended: 7, errors: 0, elapsedMs: 1500 }),
    /^█{30} 100 %/,
  );
});
