// Compact: drop empty buckets and merge spans, as Prometheus's FloatHistogram.Compact.
import { type BucketEntries, entriesToSpans, spansToEntries } from './bucket-entries';
import type { BucketSpan, FloatHistogram } from './float-histogram';

/**
 * Removes empty buckets and rebuilds minimal spans. With maxEmptyBuckets > 0, runs of at most that
 * many empty buckets between populated ones are kept inside a span rather than splitting it.
 * Returns a new histogram; the input is not changed.
 */
export function compactHistogram(h: FloatHistogram, maxEmptyBuckets = 0): FloatHistogram {
  const positive = compactSide(h.positiveSpans, h.positiveBuckets, maxEmptyBuckets);
  const negative = compactSide(h.negativeSpans, h.negativeBuckets, maxEmptyBuckets);
  return {
    ...h,
    positiveSpans: positive.spans,
    positiveBuckets: positive.buckets,
    negativeSpans: negative.spans,
    negativeBuckets: negative.buckets,
  };
}

export function compactSide(
  spans: readonly BucketSpan[],
  buckets: readonly number[],
  maxEmptyBuckets: number,
): { spans: BucketSpan[]; buckets: number[] } {
  const entries = spansToEntries(spans, buckets);
  const kept: BucketEntries = { indices: [], counts: [] };
  for (let i = 0; i < entries.indices.length; i++) {
    const count = entries.counts[i] as number;
    if (count === 0) continue;
    const index = entries.indices[i] as number;
    const last = kept.indices.at(-1);
    if (last !== undefined && index - last - 1 <= maxEmptyBuckets) {
      for (let gap = last + 1; gap < index; gap++) {
        kept.indices.push(gap);
        kept.counts.push(0);
      }
    }
    kept.indices.push(index);
    kept.counts.push(count);
  }
  return entriesToSpans(kept.indices, kept.counts);
}
