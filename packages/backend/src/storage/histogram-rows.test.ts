import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FloatHistogram, histogramSampleSize } from '@otel-lab/promql';
import { encodeHistogram } from './histogram-codec.js';
import { HistogramRowsWriter, withHistograms } from './histogram-rows.js';

function histogram(count: number, buckets = 2): FloatHistogram {
  return {
    counterResetHint: 'unknown',
    schema: 0,
    zeroThreshold: 1e-128,
    zeroCount: 0,
    count,
    sum: count,
    positiveSpans: [{ offset: 0, length: buckets }],
    positiveBuckets: Array.from({ length: buckets }, (_, i) => (i === 0 ? count : 0)),
    negativeSpans: [],
    negativeBuckets: [],
  };
}

const series = [
  { id: 7, labels: 'seven' },
  { id: 9, labels: 'nine' },
];

/** Rows of two series, out of time order for one and with a time read twice. */
function rows() {
  const writer = new HistogramRowsWriter();
  writer.add(7, 1000, encodeHistogram(histogram(1)));
  writer.add(9, 2000, encodeHistogram(histogram(5, 4)));
  writer.add(7, 3000, encodeHistogram(histogram(3)));
  writer.add(7, 2000, encodeHistogram(histogram(2)));
  writer.add(7, 2000, encodeHistogram(histogram(99))); // read twice: the first row wins
  writer.add(9, 1000, encodeHistogram(histogram(4, 3)));
  return writer.rows();
}

test('each series gets its histograms in time order, a time read twice keeping its first row', () => {
  const [seven, nine] = withHistograms(series, [], rows());
  assert.deepEqual(seven?.histograms?.timestamps, [1000, 2000, 3000]);
  assert.deepEqual(
    seven?.histograms?.values.map((h) => h.count),
    [1, 2, 3],
  );
  assert.deepEqual(nine?.histograms?.timestamps, [1000, 2000]);
  // Stored hints: the first sample starts a chunk; later ones that grew read as not reset, a
  // bucket appearing too (3 → 4 buckets, Prometheus recodes the chunk).
  assert.deepEqual(
    seven?.histograms?.values.map((h) => h.counterResetHint),
    ['unknown', 'not-reset', 'not-reset'],
  );
  assert.deepEqual(
    nine?.histograms?.values.map((h) => h.counterResetHint),
    ['unknown', 'not-reset'],
  );
});

test('the samples limit sees the histograms’ size before any is decoded', () => {
  for (const entry of withHistograms(series, [], rows())) {
    const h = entry.histograms;
    assert.ok(h);
    const size = h.values.reduce((sum, x) => sum + histogramSampleSize(x), 0);
    assert.equal(h.sampleSize, size);
    // The cheap bound, from the encoded bytes' lengths, is never below the exact size.
    assert.ok((h.sampleSizeAtMost ?? 0) >= size);
  }
});

test('histograms are decoded when read: twice at most, then kept', () => {
  const [seven] = withHistograms(series, [], rows());
  const h = seven?.histograms;
  assert.ok(h);
  const first = h.values;
  const second = h.values;
  // The first read is not kept (a series walked once is garbage once walked), the second is.
  assert.notEqual(first, second);
  assert.deepEqual(first, second);
  assert.equal(h.values, second);
});

test('a float sample between two histograms starts a new chunk', () => {
  const floats = [
    {
      labels: 'seven',
      timestamps: new Float64Array([2500]),
      values: new Float64Array([1]),
    },
  ];
  const [seven] = withHistograms(series, floats, rows());
  assert.deepEqual(
    seven?.histograms?.values.map((h) => h.counterResetHint),
    ['unknown', 'not-reset', 'unknown'],
  );
  assert.deepEqual([...(seven?.values ?? [])], [1]);
});
