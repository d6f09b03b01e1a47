// Adding and subtracting histograms, as Prometheus's FloatHistogram.Add and Sub.
import { exponentialBucketBound } from './bucket-bounds';
import {
  type BucketEntries,
  entriesToSpans,
  reduceEntries,
  spansToEntries,
} from './bucket-entries';
import { combineOnSharedBounds } from './custom-bounds';
import { sameCustomValues } from './equals';
import {
  type CounterResetHint,
  CUSTOM_BUCKETS_SCHEMA,
  type FloatHistogram,
} from './float-histogram';
import { sameLayout } from './same-layout';
import { reconcileZeroBuckets } from './zero-bucket';

export type HistogramSumResult =
  | {
      ok: true;
      histogram: FloatHistogram;
      /** One side said counter reset, the other not: Prometheus warns (the hint becomes unknown). */
      counterResetCollision: boolean;
      /** Custom bounds differed and the result uses the shared ones: Prometheus adds an info. */
      customBoundsReconciled: boolean;
    }
  /** One histogram has exponential, the other custom buckets: Prometheus's "mix of schemas" warning. */
  | { ok: false; error: 'mixed-schemas' };

export function addHistograms(a: FloatHistogram, b: FloatHistogram): HistogramSumResult {
  return combine(a, b, 1);
}

export function subtractHistograms(a: FloatHistogram, b: FloatHistogram): HistogramSumResult {
  return combine(a, b, -1);
}

/** The hint of a sum or difference, and whether the two hints contradict each other. */
export function combineHints(
  a: CounterResetHint,
  b: CounterResetHint,
): { hint: CounterResetHint; collision: boolean } {
  if (a === b) return { hint: a, collision: false };
  if (a === 'gauge' || b === 'gauge') return { hint: 'gauge', collision: false };
  if (a === 'unknown' || b === 'unknown') return { hint: 'unknown', collision: false };
  return { hint: 'unknown', collision: true }; // reset against not-reset
}

function combine(a: FloatHistogram, b: FloatHistogram, sign: 1 | -1): HistogramSumResult {
  const custom = a.schema === CUSTOM_BUCKETS_SCHEMA;
  if (custom !== (b.schema === CUSTOM_BUCKETS_SCHEMA)) return { ok: false, error: 'mixed-schemas' };
  const { hint, collision } = combineHints(a.counterResetHint, b.counterResetHint);
  if (sameLayout(a, b)) {
    const histogram: FloatHistogram = {
      ...a,
      counterResetHint: hint,
      zeroCount: a.zeroCount + sign * b.zeroCount,
      count: a.count + sign * b.count,
      sum: a.sum + sign * b.sum,
      positiveSpans: a.positiveSpans,
      positiveBuckets: a.positiveBuckets.map((c, i) => c + sign * (b.positiveBuckets[i] as number)),
      negativeSpans: a.negativeSpans,
      negativeBuckets: a.negativeBuckets.map((c, i) => c + sign * (b.negativeBuckets[i] as number)),
    };
    return { ok: true, histogram, counterResetCollision: collision, customBoundsReconciled: false };
  }
  let h: FloatHistogram = { ...a, counterResetHint: hint };
  if (!custom) {
    const reconciled = reconcileZeroBuckets(h, b);
    h = reconciled.histogram;
    h.zeroCount += sign * reconciled.otherZeroCount;
  }
  h.count += sign * b.count;
  h.sum += sign * b.sum;
  const aPositive = spansToEntries(h.positiveSpans, h.positiveBuckets);
  const bPositive = spansToEntries(b.positiveSpans, b.positiveBuckets);
  const done = (customBoundsReconciled: boolean): HistogramSumResult => ({
    ok: true,
    histogram: h,
    counterResetCollision: collision,
    customBoundsReconciled,
  });
  if (custom) {
    const aBounds = h.customValues ?? [];
    const bBounds = b.customValues ?? [];
    if (sameCustomValues(aBounds, bBounds)) {
      const sum = spansOf(addEntries(aPositive, bPositive, sign, () => false));
      h.positiveSpans = sum.spans;
      h.positiveBuckets = sum.buckets;
      return done(false);
    }
    const shared = combineOnSharedBounds(aPositive, aBounds, bPositive, bBounds, sign);
    h.positiveSpans = shared.spans;
    h.positiveBuckets = shared.buckets;
    h.customValues = shared.customValues;
    return done(true);
  }
  const schema = Math.min(h.schema, b.schema);
  const threshold = h.zeroThreshold;
  // b's buckets that lie wholly inside the (widened) zero bucket are already in its zero count.
  const inZeroBucket = (index: number) => exponentialBucketBound(index, schema) <= threshold;
  const side = (aSide: BucketEntries, bSide: BucketEntries) =>
    spansOf(
      addEntries(
        reduceEntries(aSide, h.schema, schema),
        reduceEntries(bSide, b.schema, schema),
        sign,
        inZeroBucket,
      ),
    );
  const positive = side(aPositive, bPositive);
  const negative = side(
    spansToEntries(h.negativeSpans, h.negativeBuckets),
    spansToEntries(b.negativeSpans, b.negativeBuckets),
  );
  h.schema = schema;
  h.positiveSpans = positive.spans;
  h.positiveBuckets = positive.buckets;
  h.negativeSpans = negative.spans;
  h.negativeBuckets = negative.buckets;
  return done(false);
}

const spansOf = (e: BucketEntries) => entriesToSpans(e.indices, e.counts);

/**
 * The union of both bucket lists, b's counts added (or subtracted) where an index is in both; b's
 * leading buckets for which `skip` holds are left out (Prometheus's addBuckets).
 */
function addEntries(
  a: BucketEntries,
  b: BucketEntries,
  sign: 1 | -1,
  skip: (index: number) => boolean,
): BucketEntries {
  const indices: number[] = [];
  const counts: number[] = [];
  let i = 0;
  let j = 0;
  while (j < b.indices.length && skip(b.indices[j] as number)) j++;
  while (i < a.indices.length || j < b.indices.length) {
    const ai = a.indices[i];
    const bi = b.indices[j];
    if (bi === undefined || (ai !== undefined && ai < bi)) {
      indices.push(ai as number);
      counts.push(a.counts[i++] as number);
    } else if (ai === undefined || bi < ai) {
      indices.push(bi);
      counts.push((b.counts[j++] as number) * sign);
    } else {
      indices.push(ai);
      counts.push((a.counts[i++] as number) + (b.counts[j++] as number) * sign);
    }
  }
  return { indices, counts };
}
