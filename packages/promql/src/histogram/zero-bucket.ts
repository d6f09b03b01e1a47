// Widening a histogram's zero bucket, as Prometheus does before adding or comparing two histograms
// whose zero thresholds differ.
import { sideBuckets } from './bucket-iterator';
import { compactHistogram } from './compact';
import type { FloatHistogram } from './float-histogram';

/**
 * The zero count `h` would have with the zero threshold raised to `larger` (>= its own), and the
 * threshold actually usable: raised further to a bucket boundary if `larger` falls inside a
 * populated bucket.
 */
export function zeroCountForLargerThreshold(
  h: FloatHistogram,
  larger: number,
): { zeroCount: number; threshold: number } {
  if (larger === h.zeroThreshold) return { zeroCount: h.zeroCount, threshold: larger };
  if (larger < h.zeroThreshold) {
    throw new RangeError(`new threshold ${larger} is less than old threshold ${h.zeroThreshold}`);
  }
  const positive = sideBuckets(h, true);
  const negative = sideBuckets(h, false);
  for (;;) {
    let zeroCount = h.zeroCount;
    for (const b of positive) {
      if (b.lower >= larger) break;
      zeroCount += b.count;
      if (b.upper > larger) {
        if (b.count !== 0) larger = b.upper;
        break;
      }
    }
    let restart = false;
    for (const b of negative) {
      if (b.upper <= -larger) break;
      zeroCount += b.count;
      if (b.lower < -larger) {
        // A populated negative bucket straddles the threshold: widen, and redo the positive side.
        if (b.count !== 0) {
          larger = -b.lower;
          restart = true;
        }
        break;
      }
    }
    if (!restart) return { zeroCount, threshold: larger };
  }
}

/** Empties the buckets inside the (already widened) zero bucket and compacts, as Prometheus does. */
function trimBucketsInZeroBucket(h: FloatHistogram): FloatHistogram {
  const positive = h.positiveBuckets.slice();
  for (const [i, b] of sideBuckets(h, true).entries()) {
    if (b.lower >= h.zeroThreshold) break;
    positive[i] = 0;
  }
  const negative = h.negativeBuckets.slice();
  for (const [i, b] of sideBuckets(h, false).entries()) {
    if (b.upper <= -h.zeroThreshold) break;
    negative[i] = 0;
  }
  return compactHistogram({ ...h, positiveBuckets: positive, negativeBuckets: negative });
}

/**
 * Gives `h` a zero bucket wide enough for both histograms' zero buckets, at a threshold that cuts no
 * populated bucket of either. Returns the new `h` and the zero count `other` would have with it.
 */
export function reconcileZeroBuckets(
  h: FloatHistogram,
  other: FloatHistogram,
): { histogram: FloatHistogram; otherZeroCount: number } {
  let otherZeroCount = other.zeroCount;
  let otherThreshold = other.zeroThreshold;
  while (otherThreshold !== h.zeroThreshold) {
    if (h.zeroThreshold > otherThreshold) {
      const widened = zeroCountForLargerThreshold(other, h.zeroThreshold);
      otherZeroCount = widened.zeroCount;
      otherThreshold = widened.threshold;
    }
    if (otherThreshold > h.zeroThreshold) {
      const widened = zeroCountForLargerThreshold(h, otherThreshold);
      h = trimBucketsInZeroBucket({
        ...h,
        zeroCount: widened.zeroCount,
        zeroThreshold: widened.threshold,
      });
    }
  }
  return { histogram: h, otherZeroCount };
}
