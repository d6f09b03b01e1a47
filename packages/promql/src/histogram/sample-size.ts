// How many float samples a histogram counts as against the samples limit: Prometheus's HPoint.size(),
// its bytes (a 168-byte struct, 8 per span, bucket and custom bound, 8 for the time) over 16.
import type { FloatHistogram } from './float-histogram';

export function histogramSampleSize(h: FloatHistogram): number {
  return histogramSampleSizeOf(
    h.positiveSpans.length +
      h.negativeSpans.length +
      h.positiveBuckets.length +
      h.negativeBuckets.length +
      (h.customValues?.length ?? 0),
  );
}

/** The size of a histogram of `parts` spans, buckets and custom bounds in all (one size each). */
export function histogramSampleSizeOf(parts: number): number {
  return Math.floor((168 + 8 * parts + 8) / 16);
}
