import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FloatHistogram } from '@otel-lab/promql';
import {
  decodeHistogram,
  encodedHistogramParts,
  encodeHistogram,
  HistogramDecodeError,
} from './histogram-codec.js';

const base: FloatHistogram = {
  counterResetHint: 'unknown',
  schema: 3,
  zeroThreshold: 1e-128,
  zeroCount: 2,
  count: 30,
  sum: 12.5,
  positiveSpans: [
    { offset: -2, length: 3 },
    { offset: 5, length: 2 },
  ],
  positiveBuckets: [1, 0, 7, 12, 3],
  negativeSpans: [{ offset: 1, length: 2 }],
  negativeBuckets: [4, 1],
};

const cases: { name: string; h: FloatHistogram; maxBytes: number }[] = [
  { name: 'OTLP cumulative, whole counts', h: base, maxBytes: 40 },
  { name: 'delta (gauge hint)', h: { ...base, counterResetHint: 'gauge' }, maxBytes: 40 },
  {
    name: 'fractional counts (a rate), own zero threshold',
    h: {
      ...base,
      counterResetHint: 'not-reset',
      zeroThreshold: 0.001,
      count: 1.5,
      zeroCount: 0.25,
      positiveBuckets: [0.5, 0, 0.25, 0.5, 0],
      negativeBuckets: [0, 0],
    },
    maxBytes: 120,
  },
  {
    name: 'custom buckets (schema -53), reset hint',
    h: {
      ...base,
      counterResetHint: 'reset',
      schema: -53,
      zeroThreshold: 0,
      zeroCount: 0,
      positiveSpans: [{ offset: 0, length: 3 }],
      positiveBuckets: [1, 2, 27],
      negativeSpans: [],
      negativeBuckets: [],
      customValues: [0.1, 0.5, 1],
    },
    maxBytes: 80,
  },
  {
    name: 'empty, schema -4, NaN sum',
    h: {
      ...base,
      schema: -4,
      count: 0,
      zeroCount: 0,
      sum: Number.NaN,
      positiveSpans: [],
      positiveBuckets: [],
      negativeSpans: [],
      negativeBuckets: [],
    },
    maxBytes: 20,
  },
  {
    name: 'huge counts and offsets',
    h: {
      ...base,
      count: 2 ** 52,
      zeroCount: 0,
      positiveSpans: [{ offset: -(2 ** 31), length: 1 }],
      positiveBuckets: [2 ** 52],
      negativeSpans: [],
      negativeBuckets: [],
    },
    maxBytes: 60,
  },
];

for (const { name, h, maxBytes } of cases) {
  test(`histogram codec round trip: ${name}`, () => {
    const bytes = encodeHistogram(h);
    assert.ok(bytes.length <= maxBytes, `${bytes.length} bytes > ${maxBytes}`);
    assert.deepEqual(decodeHistogram(bytes), h);
  });
}

test('histogram codec: damaged bytes are a clear error, not a huge allocation', () => {
  const bytes = encodeHistogram(base);
  assert.throws(() => decodeHistogram(bytes.subarray(0, bytes.length - 1)), HistogramDecodeError);
  assert.throws(() => decodeHistogram(new Uint8Array([...bytes, 0])), /left over/);
  // A span claiming 2^40 buckets in a 20-byte row.
  const liar = Uint8Array.from([
    4 | 8,
    0,
    ...new Uint8Array(8),
    0,
    0,
    1,
    0,
    128,
    128,
    128,
    128,
    128,
    1,
  ]);
  assert.throws(() => decodeHistogram(liar), /need \d+ buckets/);
});

test('histogram codec: a bucket count cut off inside its varint is a clear error', () => {
  const h = { ...base, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [2 ** 40] };
  const bytes = encodeHistogram({ ...h, negativeSpans: [], negativeBuckets: [] });
  // The last bytes are the (empty) negative side's span count and the big count's varint before it.
  const cut = bytes.subarray(0, bytes.length - 3);
  assert.throws(() => decodeHistogram(cut), HistogramDecodeError);
});

test('histogram codec: the previous sample’s spans are reused when they are the same', () => {
  const first = decodeHistogram(encodeHistogram(base));
  const next = decodeHistogram(
    encodeHistogram({ ...base, count: 31, positiveBuckets: [1, 0, 8, 12, 3] }),
    first,
  );
  // Same layout: the very arrays of the sample before, so layouts compare by reference.
  assert.equal(next.positiveSpans, first.positiveSpans);
  assert.equal(next.negativeSpans, first.negativeSpans);
  assert.deepEqual(next.positiveBuckets, [1, 0, 8, 12, 3]);
  // One span moved: new spans, equal to what was encoded, and the previous sample's untouched.
  const moved = [
    { offset: -2, length: 3 },
    { offset: 6, length: 2 },
  ];
  const after = decodeHistogram(encodeHistogram({ ...base, positiveSpans: moved }), next);
  assert.notEqual(after.positiveSpans, next.positiveSpans);
  assert.deepEqual(after.positiveSpans, moved);
  assert.deepEqual(first.positiveSpans, base.positiveSpans);
  // A different number of spans.
  const fewer = decodeHistogram(
    encodeHistogram({ ...base, negativeSpans: [], negativeBuckets: [] }),
    first,
  );
  assert.deepEqual(fewer.negativeSpans, []);
  assert.deepEqual(first.negativeSpans, base.negativeSpans);
});

test('histogram codec: parts (spans, buckets, bounds) counted without decoding, for the samples limit', () => {
  for (const { name, h } of cases) {
    const parts =
      h.positiveSpans.length +
      h.negativeSpans.length +
      h.positiveBuckets.length +
      h.negativeBuckets.length +
      (h.customValues?.length ?? 0);
    assert.equal(encodedHistogramParts(encodeHistogram(h)), parts, name);
  }
});

test('histogram codec: a row read where it lies in a larger buffer', () => {
  const a = encodeHistogram(base);
  const b = encodeHistogram({ ...base, count: 40, positiveBuckets: [2, 0, 9, 12, 3] });
  const both = new Uint8Array([...a, ...b]);
  assert.deepEqual(decodeHistogram(both, undefined, a.length, both.length), decodeHistogram(b));
  assert.equal(encodedHistogramParts(both, 0, a.length), encodedHistogramParts(a));
  // A row cut short where the next one begins is an error, not a read into the next row.
  assert.throws(() => decodeHistogram(both, undefined, 0, a.length - 1), HistogramDecodeError);
});
