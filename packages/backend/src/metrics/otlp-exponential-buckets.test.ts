import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exponentialBucketsLayout } from './otlp-exponential-buckets.js';

/** Spans as [offset, length]; buckets as Prometheus writes them in its tests: deltas. */
type Layout = { spans: [number, number][]; deltas: number[] };

// The golden cases of Prometheus's TestConvertBucketsLayout (otlptranslator), per scale-down 0-2.
const cases: { name: string; offset: number; counts: number[]; want: Layout[] }[] = [
  {
    name: 'zero offset',
    offset: 0,
    counts: [4, 3, 2, 1],
    want: [
      { spans: [[1, 4]], deltas: [4, -1, -1, -1] },
      { spans: [[1, 2]], deltas: [7, -4] },
      { spans: [[1, 1]], deltas: [10] },
    ],
  },
  {
    name: 'offset 1',
    offset: 1,
    counts: [4, 3, 2, 1],
    want: [
      { spans: [[2, 4]], deltas: [4, -1, -1, -1] },
      { spans: [[1, 3]], deltas: [4, 1, -4] },
      { spans: [[1, 2]], deltas: [9, -8] },
    ],
  },
  {
    name: 'positive offset',
    offset: 4,
    counts: [4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    want: [
      {
        spans: [
          [5, 4],
          [12, 1],
        ],
        deltas: [4, -2, -2, 2, -1],
      },
      {
        spans: [
          [3, 2],
          [6, 1],
        ],
        deltas: [6, -4, -1],
      },
      {
        spans: [
          [2, 1],
          [3, 1],
        ],
        deltas: [8, -7],
      },
    ],
  },
  {
    name: 'scaledown merges spans',
    offset: 4,
    counts: [4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    want: [
      {
        spans: [
          [5, 4],
          [8, 1],
        ],
        deltas: [4, -2, -2, 2, -1],
      },
      {
        spans: [
          [3, 2],
          [4, 1],
        ],
        deltas: [6, -4, -1],
      },
      { spans: [[2, 4]], deltas: [8, -8, 0, 1] },
    ],
  },
  {
    name: 'negative offset',
    offset: -2,
    counts: [3, 1, 0, 0, 0, 1],
    want: [
      {
        spans: [
          [-1, 2],
          [3, 1],
        ],
        deltas: [3, -2, 0],
      },
      { spans: [[0, 3]], deltas: [4, -4, 1] },
      { spans: [[0, 2]], deltas: [4, -3] },
    ],
  },
  {
    name: 'buckets with gaps of size 1',
    offset: -2,
    counts: [3, 1, 0, 1, 0, 1],
    want: [
      { spans: [[-1, 6]], deltas: [3, -2, -1, 1, -1, 1] },
      { spans: [[0, 3]], deltas: [4, -3, 0] },
      { spans: [[0, 2]], deltas: [4, -2] },
    ],
  },
  {
    name: 'buckets with gaps of size 2',
    offset: -2,
    counts: [3, 0, 0, 1, 0, 0, 1],
    want: [
      { spans: [[-1, 7]], deltas: [3, -3, 0, 1, -1, 0, 1] },
      { spans: [[0, 4]], deltas: [3, -2, -1, 1] },
      { spans: [[0, 3]], deltas: [3, -2, 0] },
    ],
  },
  {
    name: 'zero buckets',
    offset: 0,
    counts: [],
    want: [
      { spans: [], deltas: [] },
      { spans: [], deltas: [] },
      { spans: [], deltas: [] },
    ],
  },
];

function absolute(deltas: number[]): number[] {
  let running = 0;
  return deltas.map((d) => {
    running += d;
    return running;
  });
}

for (const c of cases) {
  for (const [scaleDown, want] of c.want.entries()) {
    test(`${c.name}, scaled down by ${scaleDown}`, () => {
      const got = exponentialBucketsLayout(c.counts, c.offset, scaleDown);
      assert.deepEqual(got, {
        spans: want.spans.map(([offset, length]) => ({ offset, length })),
        buckets: absolute(want.deltas),
      });
    });
  }
}

test('counts arrive as the decoder gives them: unsigned 64-bit bigints', () => {
  const got = exponentialBucketsLayout([5n, 0n, 0n, 0n, 7n], 0, 0);
  assert.deepEqual(got, {
    spans: [
      { offset: 1, length: 1 },
      { offset: 3, length: 1 },
    ],
    buckets: [5, 7],
  });
});
