import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameLayout } from './same-layout';
import { fh } from './test-fixture';

const at = (schema: number, offset: number, zeroThreshold: number) => {
  const positiveSpans = [{ offset, length: 2 }];
  return fh({ schema, zeroThreshold, count: 3, positiveSpans, positiveBuckets: [1, 2] });
};

test('layouts line up only when no bucket lies inside the zero bucket', () => {
  const rows: [string, number, number, number, boolean][] = [
    // Bucket i's upper bound is 2^(i·2^-schema); a bound at or under the threshold is inside.
    ['bound equal to the threshold', 0, -10, 2 ** -10, false],
    ['bound one bucket above', 0, -9, 2 ** -10, true],
    ['finer schema, bound equal', 3, -80, 2 ** -10, false],
    ['finer schema, one bucket above (within the estimate’s octave)', 3, -79, 2 ** -10, true],
    ['coarser schema, inside', -2, -3, 2 ** -10, false],
    ['OTLP’s threshold, far above', 8, -100, 1e-128, true],
    ['OTLP’s threshold, a bucket inside it', 0, -430, 1e-128, false],
    ['no zero bucket', 0, -1000, 0, true],
  ];
  for (const [name, schema, offset, threshold, same] of rows) {
    const h = at(schema, offset, threshold);
    assert.equal(sameLayout(h, { ...h, positiveBuckets: [2, 3] }), same, name);
  }
});

test('shared spans arrays still have to be minimal', () => {
  const spans = [
    { offset: 0, length: 1 },
    { offset: 0, length: 1 },
  ];
  const h = fh({ count: 2, positiveSpans: spans, positiveBuckets: [1, 1] });
  assert.equal(sameLayout(h, { ...h }), false);
  const minimal = [{ offset: 0, length: 2 }];
  const g = fh({ count: 2, positiveSpans: minimal, positiveBuckets: [1, 1] });
  assert.equal(sameLayout(g, { ...g, positiveBuckets: [2, 2] }), true);
});
