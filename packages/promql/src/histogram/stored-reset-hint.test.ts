import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignStoredResetHints, storedResetHint, withStoredResetHints } from './stored-reset-hint';
import { fh } from './test-fixture';

const span = [{ offset: 0, length: 2 }];
const a = fh({ count: 3, sum: 3, positiveSpans: span, positiveBuckets: [1, 2] });
const more = fh({ count: 5, sum: 5, positiveSpans: span, positiveBuckets: [2, 3] });
const fewer = fh({ count: 4, sum: 4, positiveSpans: span, positiveBuckets: [0, 4] });

test('hints as Prometheus TSDB chunks read them back', () => {
  const rows: [string, Parameters<typeof storedResetHint>, string][] = [
    ['the first sample of a series', [a, undefined], 'unknown'],
    ['growth in every bucket', [more, a], 'not-reset'],
    // A reset starts a chunk, whose first sample reads as unknown (prometheus#15346).
    ['a bucket went down though the count rose', [fewer, a], 'unknown'],
    ['the count went down', [a, more], 'unknown'],
    ['a gauge sample', [{ ...more, counterResetHint: 'gauge' }, a], 'gauge'],
    ['after a gauge sample', [more, { ...a, counterResetHint: 'gauge' }], 'unknown'],
    ['an explicit reset hint', [{ ...more, counterResetHint: 'reset' }, a], 'unknown'],
    ['a schema change without a reset', [{ ...more, schema: -1 }, a], 'unknown'],
    ['a zero threshold change', [{ ...more, zeroThreshold: 0.5 }, a], 'unknown'],
  ];
  for (const [name, args, hint] of rows) assert.equal(storedResetHint(...args), hint, name);
});

test('a series read back: hints follow the previous histogram unless a float came between', () => {
  const hs = withStoredResetHints([1, 2, 4, 5], [a, more, more, a], [3]);
  assert.deepEqual(
    hs.map((h) => h.counterResetHint),
    ['unknown', 'not-reset', 'unknown', 'unknown'],
  );
});

test('hints set in place on samples nobody else holds: the same hints, no copies', () => {
  const series = () => [
    a,
    more,
    { ...more, counterResetHint: 'gauge' as const },
    fewer,
    { ...a, counterResetHint: 'reset' as const },
    more,
  ];
  const times = [1, 2, 3, 4, 6, 7];
  const copied = withStoredResetHints(times, series(), [5]);
  const owned = series().map((h) => ({ ...h }));
  const samples = [...owned];
  const assigned = assignStoredResetHints(times, owned, [5]);
  assert.equal(assigned, owned);
  for (const [i, h] of assigned.entries()) assert.equal(h, samples[i]);
  assert.deepEqual(
    assigned.map((h) => h.counterResetHint),
    copied.map((h) => h.counterResetHint),
  );
  assert.deepEqual(
    copied.map((h) => h.counterResetHint),
    ['unknown', 'not-reset', 'gauge', 'unknown', 'unknown', 'not-reset'],
  );
  // The copying form leaves its input as it was.
  assert.equal(a.counterResetHint, 'unknown');
});
