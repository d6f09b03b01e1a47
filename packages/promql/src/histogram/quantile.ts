// histogram_quantile over a native histogram, as Prometheus's HistogramQuantile.
import { type Bucket, lazyBuckets } from './bucket-iterator';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';

export interface QuantileResult {
  value: number;
  /**
   * Prometheus's info annotations: the histogram has NaN observations and the quantile fell
   * above every bucket (`nanResult`, value NaN) or inside one, skewed high (`nanSkew`).
   */
  info?: 'nan-result' | 'nan-skew';
}

/**
 * The q-quantile: q < 0 is -Inf, q > 1 +Inf, NaN q or an empty histogram NaN. Within an exponential
 * bucket the estimate is interpolated exponentially (linearly on a log scale); within the zero
 * bucket and custom buckets linearly. Ranks are counted from the end nearer to q.
 */
export function histogramQuantile(q: number, h: FloatHistogram): QuantileResult {
  if (q < 0) return { value: Number.NEGATIVE_INFINITY };
  if (q > 1) return { value: Number.POSITIVE_INFINITY };
  if (h.count === 0 || Number.isNaN(q)) return { value: Number.NaN };
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  // NaN observations are counted in h.count but in no bucket, so with them only the forward
  // direction finds the right rank.
  const forward = Number.isNaN(h.sum) || q < 0.5;
  const { counts, at } = lazyBuckets(h);
  const n = counts.length;
  // Position k of the walk: from the low end forward, from the high end backward.
  const position = (k: number) => (forward ? k : n - 1 - k);
  let rank = forward ? q * h.count : (1 - q) * h.count;
  let count = 0;
  let next = 0;
  let found = -1;
  while (next < n) {
    const c = counts[position(next++)] as number;
    if (c === 0) continue;
    found = position(next - 1);
    count += c;
    if (count >= rank) break;
  }
  // Walked to the end without reaching the rank: the last bucket visited, empty or not.
  if (count < rank && n > 0) found = position(n - 1);
  const bucket: Bucket =
    found < 0
      ? { lower: 0, upper: 0, lowerInclusive: false, upperInclusive: false, count: 0, index: 0 }
      : { ...at(found) };
  if (!custom && bucket.lower < 0 && bucket.upper > 0) {
    // In the zero bucket: with buckets on one side only, zero is the other bound.
    if (h.negativeBuckets.length === 0 && h.positiveBuckets.length > 0) bucket.lower = 0;
    else if (h.positiveBuckets.length === 0 && h.negativeBuckets.length > 0) bucket.upper = 0;
  } else if (custom) {
    if (bucket.lower === Number.NEGATIVE_INFINITY) {
      if (bucket.upper <= 0) return { value: bucket.upper };
      bucket.lower = 0;
    } else if (bucket.upper === Number.POSITIVE_INFINITY) {
      return { value: bucket.lower };
    }
  }
  if (count > h.count) count = h.count; // rounding can push the buckets' total past h.count
  if (count < rank) {
    if (Number.isNaN(h.sum)) return { value: Number.NaN, info: 'nan-result' };
    return { value: bucket.upper };
  }
  rank = forward ? rank - (count - bucket.count) : count - rank;
  let info: QuantileResult['info'];
  if (Number.isNaN(h.sum)) {
    for (; next < n; next++) count += counts[position(next)] as number;
    if (count < h.count) info = 'nan-skew';
  }
  const fraction = rank / bucket.count;
  const withInfo = (value: number): QuantileResult =>
    info === undefined ? { value } : { value, info };
  if (custom || (bucket.lower <= 0 && bucket.upper >= 0)) {
    return withInfo(bucket.lower + (bucket.upper - bucket.lower) * fraction);
  }
  const logLower = Math.log2(Math.abs(bucket.lower));
  const logUpper = Math.log2(Math.abs(bucket.upper));
  if (bucket.lower > 0) return withInfo(2 ** (logLower + (logUpper - logLower) * fraction));
  return withInfo(-(2 ** (logUpper + (logLower - logUpper) * (1 - fraction))));
}
