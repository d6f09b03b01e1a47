// Compact: drop empty buckets and merge spans, as Prometheus's FloatHistogram.Compact.
import type { BucketSpan, FloatHistogram } from './float-histogram';

/**
 * Removes empty buckets and rebuilds minimal spans. With maxEmptyBuckets > 0, runs of at most that
 * many empty buckets between populated ones are kept inside a span rather than splitting it.
 * Returns a new histogram; the input is not changed.
 */
export function compactHistogram(h: FloatHistogram, maxEmptyBuckets = 0): FloatHistogram {
  // Histograms are never changed in place, so an already compact one is its own result.
  if (
    isCompact(h.positiveSpans, h.positiveBuckets, maxEmptyBuckets) &&
    isCompact(h.negativeSpans, h.negativeBuckets, maxEmptyBuckets)
  )
    return h;
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
  if (isCompact(spans, buckets, maxEmptyBuckets))
    return { spans: [...spans], buckets: [...buckets] };
  // One pass over the spans: populated buckets kept, runs of up to maxEmptyBuckets empty ones
  // between them kept inside the span, longer runs start a new span.
  const outSpans: BucketSpan[] = [];
  const outBuckets: number[] = [];
  let current: BucketSpan | undefined;
  let lastIndex = 0;
  let position = 0;
  let b = 0;
  for (const span of spans) {
    position += span.offset;
    for (let k = 0; k < span.length; k++) {
      const count = buckets[b++] as number;
      if (count === 0) continue;
      const index = position + k;
      const gap = index - lastIndex - 1;
      if (current && gap <= maxEmptyBuckets) {
        for (let g = 0; g < gap; g++) outBuckets.push(0);
        current.length += gap + 1;
      } else {
        current = { offset: current ? gap : index, length: 1 };
        outSpans.push(current);
      }
      outBuckets.push(count);
      lastIndex = index;
    }
    position += span.length;
  }
  return { spans: outSpans, buckets: outBuckets };
}

/** Already compact: no empty bucket, no empty span, spans apart by more than maxEmptyBuckets. */
function isCompact(
  spans: readonly BucketSpan[],
  buckets: readonly number[],
  maxEmptyBuckets: number,
): boolean {
  for (let i = 0; i < buckets.length; i++) if (buckets[i] === 0) return false;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as BucketSpan;
    if (span.length === 0 || (i > 0 && span.offset <= maxEmptyBuckets)) return false;
  }
  return true;
}
