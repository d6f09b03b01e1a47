import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FloatHistogram } from './float-histogram';
import { reduceResolution } from './reduce-resolution';
import { fh } from './test-fixture';

// Prometheus's TestFloatHistogramReduceResolution cases.
const cases: Record<
  string,
  { origin: FloatHistogram; targetSchema: number; target?: FloatHistogram; errorMsg?: string }
> = {
  'valid float histogram': {
    origin: fh({
      schema: 0,
      positiveSpans: [
        { offset: -2, length: 4 },
        { offset: 0, length: 0 },
        { offset: 3, length: 2 },
      ],
      positiveBuckets: [1, 3, 1, 2, 1, 1],
      negativeSpans: [
        { offset: 0, length: 4 },
        { offset: 0, length: 0 },
        { offset: 3, length: 2 },
      ],
      negativeBuckets: [1, 3, 1, 2, 1, 1],
    }),
    targetSchema: -1,
    target: fh({
      schema: -1,
      positiveSpans: [
        { offset: -1, length: 3 },
        { offset: 1, length: 1 },
      ],
      positiveBuckets: [1, 4, 2, 2],
      negativeSpans: [
        { offset: 0, length: 3 },
        { offset: 1, length: 1 },
      ],
      negativeBuckets: [1, 4, 2, 2],
    }),
  },
  'not enough buckets': {
    origin: fh({
      schema: 0,
      positiveSpans: [
        { offset: -2, length: 4 },
        { offset: 0, length: 0 },
        { offset: 3, length: 2 },
      ],
      positiveBuckets: [1, 3, 1, 2, 1],
    }),
    targetSchema: -1,
    errorMsg:
      'have 5 buckets but spans need more: histogram spans specify different number of buckets than provided',
  },
  'too many buckets': {
    origin: fh({
      schema: 0,
      positiveSpans: [
        { offset: -2, length: 4 },
        { offset: 0, length: 0 },
        { offset: 3, length: 2 },
      ],
      positiveBuckets: [1, 3, 1, 2, 1, 1, 5],
    }),
    targetSchema: -1,
    errorMsg:
      'spans need 6 buckets, have 7 buckets: histogram spans specify different number of buckets than provided',
  },
  'negative offset': {
    origin: fh({
      schema: 0,
      positiveSpans: [
        { offset: -2, length: 4 },
        { offset: -1, length: 0 },
        { offset: 3, length: 2 },
      ],
      positiveBuckets: [1, 3, 1, 2, 1, 1],
    }),
    targetSchema: -1,
    errorMsg: 'span number 2 with offset -1: histogram has a span whose offset is negative',
  },
};

describe('reduce resolution', () => {
  for (const [name, c] of Object.entries(cases)) {
    test(name, () => {
      if (c.errorMsg !== undefined) {
        assert.throws(() => reduceResolution(c.origin, c.targetSchema), { message: c.errorMsg });
      } else {
        assert.deepEqual(reduceResolution(c.origin, c.targetSchema), c.target);
      }
    });
  }
  const h = fh({ schema: 2, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [1] });
  const refused: [string, number, string][] = [
    ['to the same schema', 2, 'cannot reduce resolution from schema 2 to 2'],
    ['to a higher schema', 3, 'cannot reduce resolution from schema 2 to 3'],
    ['to custom buckets', -53, 'cannot reduce resolution to custom buckets schema'],
  ];
  for (const [name, target, message] of refused) {
    test(`refused ${name}`, () => assert.throws(() => reduceResolution(h, target), { message }));
  }
  test('merging 2^(schema - target) buckets, empty ones kept', () =>
    assert.deepEqual(
      reduceResolution(
        fh({
          schema: 2,
          positiveSpans: [{ offset: -3, length: 6 }],
          positiveBuckets: [1, 0, 2, 3, 0, 0],
        }),
        0,
      ),
      fh({ schema: 0, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [6, 0] }),
    ));
});
