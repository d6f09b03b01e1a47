import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addHistograms, subtractHistograms } from './add';
import { compactHistogram } from './compact';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { multiplyHistogram } from './scale';
import { fh, withoutNegativeZero } from './test-fixture';
import { validateHistogram } from './validate';

interface Case {
  name: string;
  in1: FloatHistogram;
  in2: FloatHistogram;
  expected?: FloatHistogram;
  expErrMsg?: string;
  expCounterResetCollision?: boolean;
  expNHCBBoundsReconciled?: boolean;
}

const MIXED =
  'cannot apply this operation on histograms with a mix of exponential and custom bucket schemas';

/** One operation checked as Prometheus's tests do: results compared after Compact(0). */
function check(
  op: typeof addHistograms,
  a: FloatHistogram,
  b: FloatHistogram,
  c: Case,
  expected: FloatHistogram | undefined,
): void {
  assert.equal(validateHistogram(a), undefined, 'a');
  assert.equal(validateHistogram(b), undefined, 'b');
  const before = structuredClone([a, b]);
  const result = op(a, b);
  assert.deepEqual([a, b], before, 'the inputs are left as they were');
  if (c.expErrMsg !== undefined && c.expErrMsg !== '') {
    assert.equal(c.expErrMsg, MIXED);
    assert.deepEqual(result, { ok: false, error: 'mixed-schemas' });
    return;
  }
  assert.ok(result.ok);
  assert.equal(result.counterResetCollision, c.expCounterResetCollision ?? false, 'collision');
  assert.equal(result.customBoundsReconciled, c.expNHCBBoundsReconciled ?? false, 'reconciled');
  if (expected !== undefined) {
    assert.deepEqual(
      withoutNegativeZero(compactHistogram(result.histogram)),
      withoutNegativeZero(compactHistogram(expected)),
    );
  }
}

// Prometheus's TestFloatHistogramAdd cases, each checked both ways round.
const addCases: Case[] = [
  {
    name: 'same bucket layout',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [0, 0, 2, 3, 6],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    expected: fh({
      zeroThreshold: 0.01,
      zeroCount: 19,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 5, 7, 13],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [4, 2, 9, 10],
    }),
  },
  {
    name: 'same bucket layout, defined differently',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 1 },
        { offset: 0, length: 2 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 2 },
        { offset: 0, length: 1 },
      ],
      positiveBuckets: [0, 0, 2, 3, 6],
      negativeSpans: [{ offset: 3, length: 7 }],
      negativeBuckets: [1, 1, 0, 0, 0, 4, 4],
    }),
    expected: fh({
      zeroThreshold: 0.01,
      zeroCount: 19,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 1 },
        { offset: 0, length: 2 },
      ],
      positiveBuckets: [1, 0, 5, 7, 13],
      negativeSpans: [
        { offset: 3, length: 5 },
        { offset: 0, length: 2 },
      ],
      negativeBuckets: [4, 2, 0, 0, 0, 9, 10],
    }),
  },
  {
    name: 'non-overlapping spans',
    in1: fh({
      zeroThreshold: 0.001,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    in2: fh({
      zeroThreshold: 0.001,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6],
      negativeSpans: [
        { offset: -9, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    expected: fh({
      zeroThreshold: 0.001,
      zeroCount: 19,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -2, length: 4 },
        { offset: 0, length: 6 },
      ],
      positiveBuckets: [1, 0, 5, 4, 3, 4, 7, 2, 3, 6],
      negativeSpans: [
        { offset: -9, length: 2 },
        { offset: 3, length: 2 },
        { offset: 5, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4, 3, 1, 5, 6],
    }),
  },
  {
    name: 'non-overlapping spans inverted order',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6],
      negativeSpans: [
        { offset: -6, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    expected: fh({
      zeroThreshold: 0.01,
      zeroCount: 19,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 0, length: 5 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [1, 0, 5, 4, 3, 4, 7, 2, 3, 6],
      negativeSpans: [
        { offset: -6, length: 2 },
        { offset: 1, length: 2 },
        { offset: 4, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4, 3, 1, 5, 6],
    }),
  },
  {
    name: 'overlapping spans',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: -1, length: 4 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    expected: fh({
      zeroThreshold: 0.01,
      zeroCount: 19,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -2, length: 4 },
        { offset: 0, length: 4 },
      ],
      positiveBuckets: [1, 5, 4, 2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'overlapping spans inverted order',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: -1, length: 4 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    expected: fh({
      zeroThreshold: 0.01,
      zeroCount: 19,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -2, length: 5 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [1, 5, 4, 2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'schema change',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      schema: 0,
      positiveSpans: [
        { offset: -1, length: 4 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      schema: 1,
      positiveSpans: [
        { offset: -4, length: 3 },
        { offset: 5, length: 5 },
      ],
      positiveBuckets: [1, 0, 0, 3, 2, 2, 3, 4],
      negativeSpans: [
        { offset: 6, length: 3 },
        { offset: 6, length: 4 },
      ],
      negativeBuckets: [3, 0.5, 0.5, 2, 3, 2, 4],
    }),
    expected: fh({
      zeroThreshold: 0.01,
      zeroCount: 19,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -2, length: 5 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [1, 5, 4, 2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'larger zero bucket in first histogram',
    in1: fh({
      zeroThreshold: 1,
      zeroCount: 17,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: 1, length: 2 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    expected: fh({
      zeroThreshold: 1,
      zeroCount: 29,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: 1, length: 2 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'larger zero bucket in second histogram',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    in2: fh({
      zeroThreshold: 1,
      zeroCount: 17,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: 1, length: 2 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    expected: fh({
      zeroThreshold: 1,
      zeroCount: 29,
      count: 51,
      sum: 3.579,
      positiveSpans: [{ offset: 1, length: 5 }],
      positiveBuckets: [2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'larger zero threshold in first histogram ends up inside a populated bucket of second histogram',
    in1: fh({
      zeroThreshold: 0.2,
      zeroCount: 17,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: 1, length: 2 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    expected: fh({
      zeroThreshold: 0.25,
      zeroCount: 29,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -1, length: 1 },
        { offset: 1, length: 5 },
      ],
      positiveBuckets: [0, 2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'larger zero threshold in second histogram ends up inside a populated bucket of first histogram',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    in2: fh({
      zeroThreshold: 0.2,
      zeroCount: 17,
      count: 21,
      sum: 1.234,
      positiveSpans: [
        { offset: 1, length: 2 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    expected: fh({
      zeroThreshold: 0.25,
      zeroCount: 29,
      count: 51,
      sum: 3.579,
      positiveSpans: [{ offset: 1, length: 5 }],
      positiveBuckets: [2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'schema change combined with larger zero bucket in second histogram',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      schema: 0,
      positiveSpans: [
        { offset: -2, length: 5 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 5, 4, 2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    in2: fh({
      zeroThreshold: 0.25,
      zeroCount: 12,
      count: 30,
      sum: 2.345,
      schema: 1,
      positiveSpans: [
        { offset: -3, length: 2 },
        { offset: 5, length: 5 },
      ],
      positiveBuckets: [1, 0, 3, 2, 2, 3, 4],
      negativeSpans: [
        { offset: 6, length: 3 },
        { offset: 6, length: 4 },
      ],
      negativeBuckets: [3, 0.5, 0.5, 2, 3, 2, 4],
    }),
    expected: fh({
      zeroThreshold: 0.25,
      zeroCount: 22,
      count: 51,
      sum: 3.579,
      positiveSpans: [{ offset: -1, length: 7 }],
      positiveBuckets: [6, 4, 2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'schema change combined with larger zero bucket in first histogram',
    in1: fh({
      zeroThreshold: 0.25,
      zeroCount: 8,
      count: 21,
      sum: 1.234,
      schema: 0,
      positiveSpans: [
        { offset: -1, length: 4 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6, 2, 5],
      negativeSpans: [
        { offset: 4, length: 2 },
        { offset: 1, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 2.345,
      schema: 1,
      positiveSpans: [
        { offset: -4, length: 3 },
        { offset: 5, length: 5 },
      ],
      positiveBuckets: [1, 0, 0, 3, 2, 2, 3, 4],
      negativeSpans: [
        { offset: 6, length: 3 },
        { offset: 6, length: 4 },
      ],
      negativeBuckets: [3, 0.5, 0.5, 2, 3, 2, 4],
    }),
    expected: fh({
      zeroThreshold: 0.25,
      zeroCount: 20,
      count: 51,
      sum: 3.579,
      positiveSpans: [
        { offset: -1, length: 4 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 6, 10, 9, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [3, 2, 1, 4, 9, 6],
    }),
  },
  {
    name: 'same custom bucket layout',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 15,
      sum: 2.345,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4, 5],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 11,
      sum: 1.234,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [0, 0, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 26,
      sum: 3.579,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 5, 7, 13],
      customValues: [1, 2, 3, 4, 5],
    }),
  },
  {
    name: 'same custom bucket layout, defined differently',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 15,
      sum: 2.345,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 1 },
        { offset: 0, length: 2 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4, 5],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 11,
      sum: 1.234,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 2 },
        { offset: 0, length: 1 },
      ],
      positiveBuckets: [0, 0, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 26,
      sum: 3.579,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 1 },
        { offset: 0, length: 2 },
      ],
      positiveBuckets: [1, 0, 5, 7, 13],
      customValues: [1, 2, 3, 4, 5],
    }),
  },
  {
    name: 'non-overlapping spans with custom buckets',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 15,
      sum: 2.345,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 20,
      sum: 1.234,
      positiveSpans: [
        { offset: 2, length: 2 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 35,
      sum: 3.579,
      positiveSpans: [
        { offset: 0, length: 4 },
        { offset: 0, length: 6 },
      ],
      positiveBuckets: [1, 0, 5, 4, 3, 4, 7, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    }),
  },
  {
    name: 'non-overlapping spans inverted order with custom buckets',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 20,
      sum: 1.234,
      positiveSpans: [
        { offset: 2, length: 2 },
        { offset: 3, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 15,
      sum: 2.345,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 35,
      sum: 3.579,
      positiveSpans: [
        { offset: 0, length: 4 },
        { offset: 0, length: 6 },
      ],
      positiveBuckets: [1, 0, 5, 4, 3, 4, 7, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    }),
  },
  {
    name: 'overlapping spans with custom buckets',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 15,
      sum: 2.345,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4, 5, 6, 7],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 27,
      sum: 1.234,
      positiveSpans: [
        { offset: 1, length: 4 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6, 2, 5],
      customValues: [1, 2, 3, 4, 5, 6, 7],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 42,
      sum: 3.579,
      positiveSpans: [
        { offset: 0, length: 4 },
        { offset: 0, length: 4 },
      ],
      positiveBuckets: [1, 5, 4, 2, 6, 10, 9, 5],
      customValues: [1, 2, 3, 4, 5, 6, 7],
    }),
  },
  {
    name: 'overlapping spans inverted order with custom buckets',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 27,
      sum: 1.234,
      positiveSpans: [
        { offset: 1, length: 4 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [5, 4, 2, 3, 6, 2, 5],
      customValues: [1, 2, 3, 4, 5, 6, 7],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 15,
      sum: 2.345,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 2, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4, 5, 6, 7],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 42,
      sum: 3.579,
      positiveSpans: [
        { offset: 0, length: 4 },
        { offset: 0, length: 4 },
      ],
      positiveBuckets: [1, 5, 4, 2, 6, 10, 9, 5],
      customValues: [1, 2, 3, 4, 5, 6, 7],
    }),
  },
  {
    name: 'custom buckets with partial intersection',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 10,
      sum: 100,
      positiveSpans: [{ offset: 0, length: 3 }],
      positiveBuckets: [2, 3, 5],
      customValues: [1, 2.5],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 8,
      sum: 80,
      positiveSpans: [{ offset: 0, length: 4 }],
      positiveBuckets: [1, 2, 3, 2],
      customValues: [1, 2, 3],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 18,
      sum: 180,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [3, 15],
      customValues: [1],
    }),
    expNHCBBoundsReconciled: true,
  },
  {
    name: 'different custom bucket layout - intersection and rollup',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 6,
      sum: 2.345,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 1, length: 1 },
      ],
      positiveBuckets: [1, 5],
      customValues: [2, 4],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 220,
      sum: 1.234,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 1 },
        { offset: 0, length: 2 },
      ],
      positiveBuckets: [10, 20, 40, 50, 100],
      customValues: [1, 2, 3, 4, 5],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 226,
      sum: 3.579,
      positiveSpans: [{ offset: 0, length: 3 }],
      positiveBuckets: [1 + 10 + 20, 40, 5 + 50 + 100],
      customValues: [2, 4],
    }),
    expNHCBBoundsReconciled: true,
  },
  {
    name: 'custom buckets with no common boundaries except +Inf',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 3,
      sum: 50,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [1, 2],
      customValues: [1.5],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 30,
      sum: 40,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [10, 20],
      customValues: [2.5],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 33,
      sum: 90,
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveBuckets: [1 + 2 + 10 + 20],
      customValues: [], // Go's nil: no shared bound, only the +Inf bucket
    }),
    expNHCBBoundsReconciled: true,
  },
  {
    name: 'mix exponential and custom buckets histograms',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 59,
      sum: 1.234,
      schema: 0,
      positiveSpans: [
        { offset: -2, length: 5 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 5, 4, 2, 3, 6, 7, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [4, 10, 1, 4, 14, 7],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 11,
      sum: 12,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [0, 0, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5],
    }),
    expErrMsg:
      'cannot apply this operation on histograms with a mix of exponential and custom bucket schemas',
  },
  {
    name: 'warn on counter reset hint collision',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      counterResetHint: 'reset',
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      counterResetHint: 'not-reset',
    }),
    expErrMsg: '',
    expCounterResetCollision: true,
  },
];

// Prometheus's TestFloatHistogramSub cases; b - a is checked against -(a - b).
const subCases: Case[] = [
  {
    name: 'same bucket layout',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 11,
      count: 30,
      sum: 23,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [3, 1, 5, 6],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 21,
      sum: 12,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [0, 0, 2, 3, 6],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [1, 1, 4, 4],
    }),
    expected: fh({
      zeroThreshold: 0.01,
      zeroCount: 3,
      count: 9,
      sum: 11,
      positiveSpans: [
        { offset: -2, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 1, 1, 1],
      negativeSpans: [
        { offset: 3, length: 2 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [2, 0, 1, 2],
    }),
  },
  {
    name: 'schema change',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 59,
      sum: 1.234,
      schema: 0,
      positiveSpans: [
        { offset: -2, length: 5 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 5, 4, 2, 3, 6, 7, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [4, 10, 1, 4, 14, 7],
    }),
    in2: fh({
      zeroThreshold: 0.01,
      zeroCount: 2,
      count: 19,
      sum: 0.345,
      schema: 1,
      positiveSpans: [
        { offset: -4, length: 3 },
        { offset: 5, length: 5 },
      ],
      positiveBuckets: [1, 0, 0, 1, 2, 2, 3, 4],
      negativeSpans: [
        { offset: 6, length: 3 },
        { offset: 6, length: 4 },
      ],
      negativeBuckets: [3, 0.5, 0.5, 2, 3, 2, 4],
    }),
    expected: fh({
      zeroThreshold: 0.01,
      zeroCount: 6,
      count: 40,
      sum: 0.889,
      positiveSpans: [
        { offset: -2, length: 5 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [1, 5, 4, 2, 2, 2, 0, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [1, 9, 1, 4, 9, 1],
    }),
  },
  {
    name: 'same custom bucket layout',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 15,
      sum: 23,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 3, 4, 7],
      customValues: [1, 2, 3, 4, 5],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 11,
      sum: 12,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [0, 0, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5],
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 4,
      sum: 11,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [1, 0, 1, 1, 1],
      customValues: [1, 2, 3, 4, 5],
    }),
  },
  {
    name: 'different custom bucket layout - with intersection and rollup',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 220,
      sum: 9.9,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 1 },
        { offset: 0, length: 2 },
      ],
      positiveBuckets: [10, 20, 40, 50, 100],
      customValues: [1, 2, 3, 4, 5],
      counterResetHint: 'gauge',
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 6,
      sum: 4.4,
      positiveSpans: [
        { offset: 0, length: 1 },
        { offset: 1, length: 1 },
      ],
      positiveBuckets: [1, 5],
      customValues: [2, 4],
      counterResetHint: 'gauge',
    }),
    expected: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 214,
      sum: 5.5,
      positiveSpans: [{ offset: 0, length: 3 }],
      positiveBuckets: [10 + 20 - 1, 40, 50 + 100 - 5],
      customValues: [2, 4],
      counterResetHint: 'gauge',
    }),
    expNHCBBoundsReconciled: true,
  },
  {
    name: 'mix exponential and custom buckets histograms',
    in1: fh({
      zeroThreshold: 0.01,
      zeroCount: 8,
      count: 59,
      sum: 1.234,
      schema: 0,
      positiveSpans: [
        { offset: -2, length: 5 },
        { offset: 0, length: 3 },
      ],
      positiveBuckets: [2, 5, 4, 2, 3, 6, 7, 5],
      negativeSpans: [
        { offset: 3, length: 3 },
        { offset: 1, length: 3 },
      ],
      negativeBuckets: [4, 10, 1, 4, 14, 7],
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      count: 11,
      sum: 12,
      positiveSpans: [
        { offset: 0, length: 2 },
        { offset: 1, length: 3 },
      ],
      positiveBuckets: [0, 0, 2, 3, 6],
      customValues: [1, 2, 3, 4, 5, 6],
    }),
    expErrMsg:
      'cannot apply this operation on histograms with a mix of exponential and custom bucket schemas',
  },
  {
    name: 'warn on counter reset hint collision',
    in1: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      counterResetHint: 'reset',
    }),
    in2: fh({
      schema: CUSTOM_BUCKETS_SCHEMA,
      counterResetHint: 'not-reset',
    }),
    expErrMsg: '',
    expCounterResetCollision: true,
  },
];

describe('add', () => {
  for (const c of addCases) {
    test(c.name, () => {
      check(addHistograms, c.in1, c.in2, c, c.expected);
      check(addHistograms, c.in2, c.in1, c, c.expected);
    });
  }
});

describe('subtract', () => {
  for (const c of subCases) {
    test(c.name, () => {
      check(subtractHistograms, c.in1, c.in2, c, c.expected);
      const negated =
        c.expected === undefined
          ? undefined
          : { ...multiplyHistogram(c.expected, -1), counterResetHint: c.expected.counterResetHint };
      check(subtractHistograms, c.in2, c.in1, c, negated);
    });
  }
});
