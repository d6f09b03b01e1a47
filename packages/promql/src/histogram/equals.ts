// Exact equality of two histograms, as Prometheus's FloatHistogram.Equals.
import { type BucketSpan, CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';

/** Same bits (NaN equals NaN, 0 differs from -0), as Go's math.Float64bits comparison. */
function sameBits(a: number, b: number): boolean {
  return Object.is(a, b);
}

function sameValues(
  a: readonly number[],
  b: readonly number[],
  same: (x: number, y: number) => boolean,
): boolean {
  return a.length === b.length && a.every((v, i) => same(v, b[i] as number));
}

/** Spans with empty spans folded into the next one's offset: the layout they describe. */
function layout(spans: readonly BucketSpan[]): BucketSpan[] {
  const out: BucketSpan[] = [];
  let carry = 0;
  for (const span of spans) {
    if (span.length === 0) carry += span.offset;
    else {
      out.push({ offset: span.offset + carry, length: span.length });
      carry = 0;
    }
  }
  return out;
}

/** Spans describe the same layout; zero-length spans may differ (Prometheus's spansMatch). */
export function spansMatch(a: readonly BucketSpan[], b: readonly BucketSpan[]): boolean {
  const la = layout(a);
  const lb = layout(b);
  return (
    la.length === lb.length &&
    la.every((s, i) => s.offset === lb[i]?.offset && s.length === lb[i]?.length)
  );
}

/**
 * Data equality: same schema, counts, sum, zero bucket, bucket layout and bucket values compared by
 * bits (or by `same`: promqltest compares them almost). The counter-reset hint is not compared;
 * custom values only for custom buckets.
 */
export function histogramsEqual(
  a: FloatHistogram,
  b: FloatHistogram,
  same: (x: number, y: number) => boolean = sameBits,
): boolean {
  if (a.schema !== b.schema || !same(a.count, b.count) || !same(a.sum, b.sum)) return false;
  if (
    a.schema === CUSTOM_BUCKETS_SCHEMA &&
    !sameCustomValues(a.customValues ?? [], b.customValues ?? [])
  ) {
    return false;
  }
  if (a.zeroThreshold !== b.zeroThreshold || !same(a.zeroCount, b.zeroCount)) return false;
  return (
    spansMatch(a.negativeSpans, b.negativeSpans) &&
    sameValues(a.negativeBuckets, b.negativeBuckets, same) &&
    spansMatch(a.positiveSpans, b.positiveSpans) &&
    sameValues(a.positiveBuckets, b.positiveBuckets, same)
  );
}

/** Custom bounds compare by value, as Prometheus's CustomBucketBoundsMatch. */
export function sameCustomValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
