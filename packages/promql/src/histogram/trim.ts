// The trim operators `h </ x` (keep observations below x) and `h >/ x` (keep those above x), as
// Prometheus's FloatHistogram.TrimBuckets: buckets across the cutoff keep the interpolated share of
// their count, and the sum is re-estimated from the surviving buckets' midpoints.
import { type Bucket, sideBuckets, zeroBucket } from './bucket-iterator';
import { compactHistogram } from './compact';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { fractionBelow } from './fraction';

/** A new histogram holding the observations below (`upper`) or above the cutoff; h is not changed. */
export function trimHistogram(h: FloatHistogram, cutoff: number, upper: boolean): FloatHistogram {
  const linear = h.schema === CUSTOM_BUCKETS_SCHEMA;
  let count = 0;
  let sum = 0;
  let trimmed = false;
  const trimSide = (positive: boolean, counts: number[]): boolean => {
    let populated = false;
    const buckets = sideBuckets(h, positive);
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i] as Bucket;
      if (b.count === 0) continue;
      populated = true;
      const whole = upper ? b.upper <= cutoff : b.lower >= cutoff;
      const partly = upper ? b.lower < cutoff : b.upper > cutoff;
      if (whole) {
        count += b.count;
        sum += midpoint(b.lower, b.upper, positive, linear) * b.count;
      } else if (partly) {
        const [keep, mid] = bucketTrim(b, cutoff, upper, positive, linear);
        count += keep;
        sum += mid * keep;
        if (counts[i] !== keep) {
          counts[i] = keep;
          trimmed = true;
        }
      } else {
        counts[i] = 0;
        trimmed = true;
      }
    }
    return populated;
  };
  const positiveBuckets = h.positiveBuckets.slice();
  const negativeBuckets = h.negativeBuckets.slice();
  const hasPositive = trimSide(true, positiveBuckets);
  const hasNegative = trimSide(false, negativeBuckets);
  let zeroCount = h.zeroCount;
  if (zeroCount > 0) {
    const [keep, mid] = zeroBucketTrim(zeroBucket(h), cutoff, hasNegative, hasPositive, upper);
    if (keep !== zeroCount) {
      zeroCount = keep;
      trimmed = true;
    }
    sum += mid * keep;
    count += keep;
  }
  if (!trimmed) return { ...h, positiveBuckets, negativeBuckets };
  return compactHistogram({ ...h, zeroCount, count, sum, positiveBuckets, negativeBuckets });
}

/** The estimated mean of observations between the bounds: geometric for exponential buckets. */
function midpoint(lower: number, upper: number, positive: boolean, linear: boolean): number {
  if (!Number.isFinite(lower)) {
    if (!Number.isFinite(upper)) return 0;
    return upper > 0 ? upper / 2 : upper;
  }
  if (!Number.isFinite(upper)) return lower;
  if (linear) return (lower + upper) / 2;
  const mean = Math.sqrt(Math.abs(lower * upper));
  return positive ? mean : -mean;
}

/** The count a bucket across the cutoff keeps, and the midpoint of its surviving part. */
function bucketTrim(
  b: Bucket,
  cutoff: number,
  upper: boolean,
  positive: boolean,
  linear: boolean,
): [number, number] {
  if (b.lower === Number.NEGATIVE_INFINITY || b.upper === Number.POSITIVE_INFINITY) {
    return infiniteBucketTrim(b, cutoff, upper);
  }
  let below = b.count;
  if (cutoff <= b.lower) below = 0;
  else if (cutoff < b.upper) below = b.count * fractionBelow(b, cutoff, linear);
  if (upper) return [below, midpoint(b.lower, cutoff, positive, linear)];
  return [b.count - below, midpoint(cutoff, b.upper, positive, linear)];
}

const finiteOrZero = (x: number) => (Number.isFinite(x) ? x : 0);

/**
 * Custom buckets open to -Inf or +Inf: the distribution inside is unknown, so such a bucket is kept
 * or dropped whole, except that a first bucket with a positive upper bound counts as starting at 0.
 */
function infiniteBucketTrim(b: Bucket, cutoff: number, upper: boolean): [number, number] {
  if (b.lower === Number.NEGATIVE_INFINITY) {
    const finitePositiveUpper = b.upper > 0 && b.upper !== Number.POSITIVE_INFINITY;
    if (upper) {
      if (cutoff >= b.upper) return [b.count, 0];
      if (cutoff > 0 && finitePositiveUpper) return [(b.count * cutoff) / b.upper, cutoff / 2];
      if (b.upper <= 0) return [b.count, cutoff];
      return [0, finiteOrZero(b.upper)];
    }
    if (cutoff <= b.lower) return [b.count, 0];
    if (cutoff >= 0 && finitePositiveUpper && b.upper > cutoff) {
      return [b.count * (1 - cutoff / b.upper), (cutoff + b.upper) / 2];
    }
    return [0, finiteOrZero(b.upper)];
  }
  if (upper) return [0, finiteOrZero(b.lower)];
  if (cutoff >= b.lower) return [b.count, cutoff];
  return [0, finiteOrZero(b.lower)];
}

/**
 * The zero bucket's share on the kept side, linear across [-threshold, threshold]; when only one
 * side has buckets, the zero bucket counts as lying on that side of zero only.
 */
function zeroBucketTrim(
  z: Bucket,
  cutoff: number,
  hasNegative: boolean,
  hasPositive: boolean,
  upper: boolean,
): [number, number] {
  let lower = z.lower;
  let top = z.upper;
  if (hasNegative && !hasPositive) top = 0;
  if (hasPositive && !hasNegative) lower = 0;
  if (upper) {
    if (cutoff <= lower) return [0, 0];
    if (cutoff >= top) return [z.count, (lower + top) / 2];
    return [(z.count * (cutoff - lower)) / (top - lower), (lower + cutoff) / 2];
  }
  if (cutoff <= lower) return [z.count, (lower + top) / 2];
  if (cutoff >= top) return [0, 0];
  return [(z.count * (top - cutoff)) / (top - lower), (cutoff + top) / 2];
}
