// The fast path of histogram arithmetic: two histograms whose buckets line up one to one (same
// schema, zero threshold, custom bounds and spans, spans in their minimal form, no bucket inside the
// zero bucket) combine and compare element by element, as the general merge would, without building
// index lists. Consecutive samples of one series from an SDK are almost always like this.
import { exponentialBucketBound } from './bucket-bounds';
import { sameCustomValues } from './equals';
import { type BucketSpan, CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';

export function sameLayout(a: FloatHistogram, b: FloatHistogram): boolean {
  if (a.schema !== b.schema || a.zeroThreshold !== b.zeroThreshold) return false;
  if (a.schema === CUSTOM_BUCKETS_SCHEMA) {
    if (!sameCustomValues(a.customValues ?? [], b.customValues ?? [])) return false;
  } else if (!clearOfZeroBucket(a)) return false;
  // Same spans (decoded samples of a series share them) and threshold: b is as clear as a.
  else if (
    (a.positiveSpans !== b.positiveSpans || a.negativeSpans !== b.negativeSpans) &&
    !clearOfZeroBucket(b)
  )
    return false;
  return (
    a.positiveBuckets.length === b.positiveBuckets.length &&
    a.negativeBuckets.length === b.negativeBuckets.length &&
    sameMinimalSpans(a.positiveSpans, b.positiveSpans) &&
    sameMinimalSpans(a.negativeSpans, b.negativeSpans)
  );
}

function sameMinimalSpans(a: readonly BucketSpan[], b: readonly BucketSpan[]): boolean {
  if (a.length !== b.length) return false;
  if (a === b) return minimalSpans(a);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as BucketSpan;
    const y = b[i] as BucketSpan;
    if (x.offset !== y.offset || x.length !== y.length || x.length === 0) return false;
    if (i > 0 && x.offset <= 0) return false;
  }
  return true;
}

function minimalSpans(spans: readonly BucketSpan[]): boolean {
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as BucketSpan;
    if (span.length === 0 || (i > 0 && span.offset <= 0)) return false;
  }
  return true;
}

/** The lowest bucket of each side lies above the zero bucket (nothing is folded into it). */
/** The last threshold seen and its log2 plus one: a series' samples share one threshold. */
let lastThreshold = Number.NaN;
let lastClearAbove = Number.NaN;

function clearOfZeroBucket(h: FloatHistogram): boolean {
  if (h.zeroThreshold === 0) return true;
  // log2 of bucket i's upper bound is i·2^-schema: an octave above the threshold's log2 is clear of
  // it whatever the rounding, and spares computing the exact bound (most calls end here).
  if (h.zeroThreshold !== lastThreshold) {
    lastThreshold = h.zeroThreshold;
    lastClearAbove = Math.log2(h.zeroThreshold) + 1;
  }
  const clearAbove = lastClearAbove;
  return (
    sideClear(h.positiveSpans, h.schema, h.zeroThreshold, clearAbove) &&
    sideClear(h.negativeSpans, h.schema, h.zeroThreshold, clearAbove)
  );
}

function sideClear(
  spans: readonly BucketSpan[],
  schema: number,
  zeroThreshold: number,
  clearAbove: number,
): boolean {
  const first = spans[0];
  if (!first || first.offset * 2 ** -schema > clearAbove) return true;
  return exponentialBucketBound(first.offset, schema) > zeroThreshold;
}
