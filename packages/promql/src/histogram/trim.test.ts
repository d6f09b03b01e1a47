import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fh } from './test-fixture';
import { trimHistogram } from './trim';

// The scripts check trim results; this checks what they cannot see: the input is left alone, as
// the evaluator shares one histogram between steps and series.
test('trimming returns a new histogram and leaves its input unchanged', () => {
  const input = fh({
    count: 7,
    sum: 10,
    zeroThreshold: 0.001,
    zeroCount: 1,
    positiveSpans: [{ offset: 0, length: 3 }],
    positiveBuckets: [1, 2, 3],
    negativeSpans: [{ offset: 0, length: 1 }],
    negativeBuckets: [1],
  });
  const before = structuredClone(input);
  for (const [cutoff, upper] of [
    [1.5, true],
    [1.5, false],
    [-0.5, true],
    [0, false],
  ] as const) {
    const out = trimHistogram(input, cutoff, upper);
    assert.notEqual(out, input);
    assert.ok(out.count < input.count, `${upper ? '</' : '>/'} ${cutoff} removes observations`);
  }
  assert.deepEqual(input, before);
});
