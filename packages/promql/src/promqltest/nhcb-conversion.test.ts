import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classicToNhcb } from './nhcb-conversion';
import { parseSeriesDescription } from './series-notation';

const series = (lines: string[]) => lines.map(parseSeriesDescription);

test('classic buckets, count and sum become one custom-bucket histogram per time', () => {
  const [out] = classicToNhcb(
    series([
      'req_bucket{le="+Inf",job="a"} 4 10',
      'req_bucket{le="0.1",job="a"} 1 2',
      'req_bucket{le="1",job="a"} 3 2',
      'req_count{job="a"} 4 10',
      'req_sum{job="a"} 1.5 9',
    ]),
    60_000,
  );
  assert.deepEqual(out?.labels, [
    { name: '__name__', value: 'req' },
    { name: 'job', value: 'a' },
  ]);
  assert.deepEqual(
    out?.samples.map((s) => s.t),
    [0, 60_000],
  );
  const first = out?.samples[0]?.h;
  assert.equal(first?.schema, -53);
  assert.deepEqual(first?.customValues, [0.1, 1]);
  assert.deepEqual(first?.positiveBuckets, [1, 2, 1]);
  assert.equal(first?.count, 4);
  assert.equal(first?.sum, 1.5);
  // An empty bucket in the middle stays inside the span for integer counts (compacted with 2).
  assert.deepEqual(out?.samples[1]?.h.positiveBuckets, [2, 0, 8]);
});

test('a missing +Inf bucket is added with the count; a missing count comes from the top bucket', () => {
  const [withCount] = classicToNhcb(series(['x_bucket{le="1"} 2', 'x_count 5']), 60_000);
  assert.deepEqual(withCount?.samples[0]?.h.positiveBuckets, [2, 3]);
  assert.deepEqual(withCount?.samples[0]?.h.customValues, [1]);
  const [noCount] = classicToNhcb(series(['y_bucket{le="1"} 2', 'y_bucket{le="+Inf"} 7']), 60_000);
  assert.equal(noCount?.samples[0]?.h.count, 7);
});

test('bad classic data fails the load with the conversion error', () => {
  assert.throws(
    () => classicToNhcb(series(['z_bucket{le="1"} 5', 'z_bucket{le="2"} 3']), 60_000),
    /not cumulative/,
  );
  assert.throws(
    () => classicToNhcb(series(['c_bucket{le="+Inf"} 5', 'c_count 6']), 60_000),
    /count mismatch/,
  );
});
