// histogram_fraction over a native histogram, as Prometheus's HistogramFraction.
import { allBuckets, type Bucket } from './bucket-iterator';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';

export interface FractionResult {
  value: number;
  /** The histogram has NaN observations, in no bucket: Prometheus adds an info annotation. */
  nanObservations?: boolean;
}

/** The share of `b` at or below v (inside its finite bounds), linear or on a log scale. */
export function fractionBelow(b: Bucket, v: number, linear: boolean): number {
  if (linear) return (v - b.lower) / (b.upper - b.lower);
  const logLower = Math.log2(Math.abs(b.lower));
  const logUpper = Math.log2(Math.abs(b.upper));
  const logV = Math.log2(Math.abs(v));
  if (v > 0) return (logV - logLower) / (logUpper - logLower);
  return 1 - (logV - logUpper) / (logLower - logUpper);
}

/**
 * The estimated share of observations between lower and upper: NaN for an empty histogram or a
 * NaN bound, 0 when lower >= upper. Interpolates as histogramQuantile does, so it is its inverse.
 */
export function histogramFraction(lower: number, upper: number, h: FloatHistogram): FractionResult {
  if (h.count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return { value: Number.NaN };
  if (lower >= upper) return { value: 0 };
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  const buckets = allBuckets(h);
  let count = 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let next = 0;
  while (next < buckets.length) {
    const b = { ...(buckets[next++] as Bucket) };
    count += b.count;
    let zeroBucket = false;
    if (b.lower <= 0 && b.upper >= 0) {
      zeroBucket = true;
      if (h.negativeBuckets.length === 0 && h.positiveBuckets.length > 0) b.lower = 0;
      else if (h.positiveBuckets.length === 0 && h.negativeBuckets.length > 0) b.upper = 0;
    }
    // A bucket reaching down to -Inf contributes nothing to interpolation, like the +Inf one.
    const interpolate = (v: number) =>
      custom || zeroBucket
        ? b.lower === Number.NEGATIVE_INFINITY
          ? b.count
          : rank + b.count * fractionBelow(b, v, true)
        : rank + b.count * fractionBelow(b, v, false);
    if (!lowerSet && b.lower >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && b.lower >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && b.lower < lower && b.upper > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && b.lower < upper && b.upper > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank += b.count;
  }
  let nanObservations = false;
  if (Number.isNaN(h.sum)) {
    for (; next < buckets.length; next++) count += (buckets[next] as Bucket).count;
    nanObservations = count < h.count;
  } else {
    count = h.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  const value = (upperRank - lowerRank) / h.count;
  return nanObservations ? { value, nanObservations } : { value };
}
