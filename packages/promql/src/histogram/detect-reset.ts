// Counter-reset detection between two consecutive histogram samples, as Prometheus's DetectReset.
import { exponentialBucketBound } from './bucket-bounds';
import { type BucketEntries, reduceEntries, spansToEntries } from './bucket-entries';
import { addOntoBounds, intersectCustomBounds } from './custom-bounds';
import { sameCustomValues } from './equals';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';
import { sameLayout } from './same-layout';
import { zeroCountForLargerThreshold } from './zero-bucket';

/**
 * Whether `current` follows a counter reset after `previous`: its hint says so, or (hint unknown or
 * gauge) any count, the zero count or a bucket went down (the sum does not count), a populated
 * bucket vanished, the resolution rose or the zero threshold fell.
 */
export function detectReset(current: FloatHistogram, previous: FloatHistogram): boolean {
  if (current.counterResetHint === 'reset') return true;
  if (current.counterResetHint === 'not-reset') return false;
  return countsDecreased(current, previous);
}

/** detectReset as for an `unknown` hint: whether the counts say that `current` follows a reset. */
export function countsDecreased(current: FloatHistogram, previous: FloatHistogram): boolean {
  if (current.count < previous.count) return true;
  if (sameLayout(current, previous)) {
    if (current.zeroCount < previous.zeroCount) return true;
    return (
      decreased(current.positiveBuckets, previous.positiveBuckets) ||
      decreased(current.negativeBuckets, previous.negativeBuckets)
    );
  }
  if (current.schema === CUSTOM_BUCKETS_SCHEMA) {
    if (previous.schema !== CUSTOM_BUCKETS_SCHEMA) return true;
    const bounds = current.customValues ?? [];
    const previousBounds = previous.customValues ?? [];
    if (!sameCustomValues(bounds, previousBounds)) {
      return sharedBucketDecreased(current, bounds, previous, previousBounds);
    }
  }
  if (current.schema > previous.schema) return true;
  if (current.zeroThreshold < previous.zeroThreshold) return true;
  const widened = zeroCountForLargerThreshold(previous, current.zeroThreshold);
  // The new threshold cuts a populated bucket of the previous sample: only a reset does that.
  if (widened.threshold !== current.zeroThreshold) return true;
  if (current.zeroCount < widened.zeroCount) return true;
  for (const positive of [true, false]) {
    const now = comparableBuckets(current, positive, current.schema, current.zeroThreshold);
    const before = comparableBuckets(previous, positive, current.schema, current.zeroThreshold);
    if (bucketDecreased(now, before)) return true;
  }
  return false;
}

/**
 * One side's buckets at `schema`, leading exponential buckets inside the zero bucket left out.
 * Bounds are not needed (nor, for custom buckets past the bounds, defined): indexes are compared.
 */
function comparableBuckets(
  h: FloatHistogram,
  positive: boolean,
  schema: number,
  zeroThreshold: number,
): BucketEntries {
  const own = positive
    ? spansToEntries(h.positiveSpans, h.positiveBuckets)
    : spansToEntries(h.negativeSpans, h.negativeBuckets);
  if (h.schema === CUSTOM_BUCKETS_SCHEMA) return own;
  const merged = reduceEntries(own, h.schema, schema);
  let skip = 0;
  if (zeroThreshold !== 0) {
    while (
      skip < merged.indices.length &&
      exponentialBucketBound(merged.indices[skip] as number, schema) <= zeroThreshold
    ) {
      skip++;
    }
  }
  return { indices: merged.indices.slice(skip), counts: merged.counts.slice(skip) };
}

/** A populated bucket of `before` is missing from `now` or has a lower count there. */
function bucketDecreased(now: BucketEntries, before: BucketEntries): boolean {
  let i = 0;
  for (let j = 0; j < before.indices.length; j++) {
    const index = before.indices[j] as number;
    const count = before.counts[j] as number;
    while (i < now.indices.length && (now.indices[i] as number) < index) i++;
    const currentIndex = now.indices[i];
    if (currentIndex === undefined || currentIndex > index) {
      if (count !== 0) return true;
    } else if ((now.counts[i] as number) < count) return true;
  }
  return false;
}

/** With different custom bounds, compares the buckets both can be mapped onto (the shared bounds). */
function sharedBucketDecreased(
  current: FloatHistogram,
  bounds: readonly number[],
  previous: FloatHistogram,
  previousBounds: readonly number[],
): boolean {
  const shared = intersectCustomBounds(bounds, previousBounds);
  const map = (h: FloatHistogram, own: readonly number[]) => {
    const sums = new Float64Array(shared.length + 1);
    addOntoBounds(
      sums,
      new Float64Array(shared.length + 1),
      spansToEntries(h.positiveSpans, h.positiveBuckets),
      own,
      shared,
      1,
    );
    return sums;
  };
  const now = map(current, bounds);
  const before = map(previous, previousBounds);
  return now.some((count, i) => count < (before[i] as number));
}

function decreased(now: readonly number[], before: readonly number[]): boolean {
  for (let i = 0; i < now.length; i++) if ((now[i] as number) < (before[i] as number)) return true;
  return false;
}
