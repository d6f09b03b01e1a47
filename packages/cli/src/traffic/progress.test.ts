import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrafficArgs } from './options.js';
import { progressBar, progressLine } from './progress.js';
import { progressGoal } from './run.js';

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

test('the goal: requests for a number of rounds or an open-loop duration, time otherwise', () => {
  const goal = (argv: string[]) => {
    const options = parseTrafficArgs(argv);
    assert.ok('target' in options);
    return progressGoal(options);
  };
  assert.deepEqual(goal([]), { requests: 100 });
  assert.deepEqual(goal(['--iterations', '10', '--mix', '1:3']), { requests: 40 });
  assert.deepEqual(goal(['--rate', '20', '--duration', '10s']), { requests: 200 });
  assert.deepEqual(goal(['--rate', '3', '--duration', '1.1s']), { requests: 4 });
  assert.deepEqual(goal(['--duration', '1m']), { durationMs: 60_000 });
});
