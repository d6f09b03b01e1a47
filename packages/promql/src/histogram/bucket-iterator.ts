// A histogram's populated buckets with their bounds, in the orders Prometheus's bucket iterators give.
import { bucketBound, exponentialBucketBound } from './bucket-bounds';
import { reduceEntries, spansToEntries } from './bucket-entries';
import { type BucketSpan, CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';

export interface Bucket {
  lower: number;
  upper: number;
  lowerInclusive: boolean;
  upperInclusive: boolean;
  count: number;
  /** The bucket's index at its schema (meaningless for the zero bucket). */
  index: number;
}

/**
 * The buckets of one side, nearest to zero first (positive ascending, negative descending in value),
 * merged to `targetSchema` (<= the histogram's). With `absoluteStart` > 0, leading exponential buckets
 * whose upper |bound| <= absoluteStart are skipped.
 */
export function sideBuckets(
  h: FloatHistogram,
  positive: boolean,
  targetSchema = h.schema,
  absoluteStart = 0,
): Bucket[] {
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  const entries = positive
    ? spansToEntries(h.positiveSpans, h.positiveBuckets)
    : spansToEntries(h.negativeSpans, h.negativeBuckets);
  const merged = custom ? entries : reduceEntries(entries, h.schema, targetSchema);
  const out: Bucket[] = [];
  let skipping = absoluteStart !== 0 && !custom;
  for (let i = 0; i < merged.indices.length; i++) {
    const index = merged.indices[i] as number;
    if (skipping && exponentialBucketBound(index, targetSchema) <= absoluteStart) continue;
    skipping = false;
    out.push(
      bucketAt(
        index,
        merged.counts[i] as number,
        positive,
        custom ? h.schema : targetSchema,
        h.customValues,
      ),
    );
  }
  return out;
}

function bucketAt(
  index: number,
  count: number,
  positive: boolean,
  schema: number,
  customValues: readonly number[] | undefined,
): Bucket {
  const upper = bucketBound(index, schema, customValues);
  const below = bucketBound(index - 1, schema, customValues);
  const bucket: Bucket = positive
    ? { lower: below, upper, lowerInclusive: false, upperInclusive: false, count, index }
    : { lower: -upper, upper: -below, lowerInclusive: false, upperInclusive: false, count, index };
  if (schema === CUSTOM_BUCKETS_SCHEMA) {
    bucket.lowerInclusive = index === 0;
    bucket.upperInclusive = true;
  } else {
    bucket.lowerInclusive = bucket.lower < 0;
    bucket.upperInclusive = bucket.upper > 0;
  }
  return bucket;
}

/** The zero bucket [-zeroThreshold, zeroThreshold] (exponential schemas only). */
export function zeroBucket(h: FloatHistogram): Bucket {
  return {
    lower: -h.zeroThreshold,
    upper: h.zeroThreshold,
    lowerInclusive: true,
    upperInclusive: true,
    count: h.zeroCount,
    index: 0,
  };
}

/** Buckets overlapping the zero bucket end at its threshold, as in Prometheus's all-bucket iterator. */
function clampToZeroBucket(b: Bucket, threshold: number): Bucket {
  if (b.upper < 0 && b.upper > -threshold) return { ...b, upper: -threshold };
  if (b.lower > 0 && b.lower < threshold) return { ...b, lower: threshold };
  return b;
}

/**
 * Every bucket's count in ascending order of value (as allBuckets), with the bucket itself built only
 * on demand: a quantile needs the bounds of one bucket, not of all ~150.
 */
export function lazyBuckets(h: FloatHistogram): {
  counts: readonly number[];
  at(i: number): Bucket;
} {
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  // Bucket arrays are already in index order: no index lists are built.
  const negatives = h.negativeBuckets.length;
  const zero = h.zeroCount > 0 ? negatives : -1;
  const firstPositive = negatives + (zero >= 0 ? 1 : 0);
  // Positive buckets only (the usual latency histogram): their own array, read, not copied.
  let counts = h.positiveBuckets;
  if (firstPositive > 0) {
    counts = h.negativeBuckets.slice().reverse();
    if (zero >= 0) counts.push(h.zeroCount);
    for (const c of h.positiveBuckets) counts.push(c);
  }
  const at = (i: number): Bucket => {
    if (i === zero) return zeroBucket(h);
    const b =
      i >= firstPositive
        ? bucketAt(
            indexOfBucket(h.positiveSpans, i - firstPositive),
            counts[i] as number,
            true,
            h.schema,
            h.customValues,
          )
        : bucketAt(
            indexOfBucket(h.negativeSpans, negatives - 1 - i),
            counts[i] as number,
            false,
            h.schema,
            h.customValues,
          );
    return custom ? b : clampToZeroBucket(b, h.zeroThreshold);
  };
  return { counts, at };
}

/** The bucket index of the k-th bucket of a side. */
function indexOfBucket(spans: readonly BucketSpan[], k: number): number {
  let position = 0;
  let remaining = k;
  for (const span of spans) {
    position += span.offset;
    if (remaining < span.length) return position + remaining;
    remaining -= span.length;
    position += span.length;
  }
  return position + remaining;
}

/** Every bucket in ascending order of value: negative, the zero bucket if populated, positive. */
export function allBuckets(h: FloatHistogram): Bucket[] {
  const out = sideBuckets(h, false).reverse();
  if (h.zeroCount > 0) out.push(zeroBucket(h));
  out.push(...sideBuckets(h, true));
  return out.map((b) => clampToZeroBucket(b, h.zeroThreshold));
}

/** Every bucket in descending order of value: positive, the zero bucket if populated, negative. */
export function allBucketsReverse(h: FloatHistogram): Bucket[] {
  return allBuckets(h).reverse();
}
