/**
 * Tempo's quantiles come from power-of-two buckets, not exact order statistics: a value v >= 2
 * falls in the bucket whose upper bound is 2^ceil(log2 v), and a quantile is interpolated
 * exponentially inside the bucket it lands in. Following its method keeps our answers equal to
 * Tempo's for the same spans (a p95 of 300 ms answers a value between 268 and 537 ms).
 */

/** The exponent of v's bucket (its bound is 2^exponent), or undefined below 2 (not counted). */
export function log2Exponent(value: number): number | undefined {
  if (!(value >= 2)) return undefined;
  return Math.ceil(Math.log2(value));
}

export interface Log2Bucket {
  /** The bucket's upper bound. */
  readonly max: number;
  readonly count: number;
}

/** Tempo's Log2Quantile: 0 when there is nothing to count; `buckets` sorted by bound. */
export function log2Quantile(p: number, buckets: readonly Log2Bucket[]): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || buckets.length === 0) return 0;
  let totalCount = 0;
  for (const bucket of buckets) totalCount += bucket.count;
  if (totalCount === 0) return 0;
  // Rounded up, so low counts (< 100) read a real sample; at least one.
  const maxSamples = Math.max(1, Math.ceil(p * totalCount));
  let total = 0;
  let index = 0;
  for (let i = 0; i < buckets.length; i++) {
    index = i;
    const bucket = buckets[i] as Log2Bucket;
    if (total + bucket.count > maxSamples) break;
    total += bucket.count;
    if (total === maxSamples) return bucket.max;
  }
  const bucket = buckets[index] as Log2Bucket;
  const interp = (maxSamples - total) / bucket.count;
  const max = Math.log2(bucket.max);
  const min = index > 0 ? Math.log2((buckets[index - 1] as Log2Bucket).max) : max - 1;
  return 2 ** (min + (max - min) * interp);
}
