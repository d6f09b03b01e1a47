// Quantiles and fractions over classic histogram buckets (series with an `le` label).

export interface Bucket {
  upperBound: number;
  count: number;
}

const smallDeltaTolerance = 1e-12;

function sortAndCoalesce(buckets: Bucket[]): Bucket[] {
  buckets.sort((a, b) => a.upperBound - b.upperBound);
  const out: Bucket[] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else out.push({ upperBound: b.upperBound, count: b.count });
  }
  return out;
}

function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  const minNormal = 2.2250738585072014e-308;
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/**
 * Bucket counts must not decrease with the bound; scrapes of separate series can be inconsistent,
 * so a lower count takes the previous one, and tiny float differences are ironed out.
 */
function ensureMonotonic(buckets: Bucket[]): boolean {
  let forced = false;
  let prev = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    const curr = b.count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, smallDeltaTolerance)) {
      b.count = prev;
      continue;
    }
    if (curr < prev) {
      b.count = prev;
      forced = true;
      continue;
    }
    prev = curr;
  }
  return forced;
}

/** The quantile; onForcedMonotonic is called when bucket counts had to be made non-decreasing. */
export function bucketQuantile(q: number, input: Bucket[], onForcedMonotonic?: () => void): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  input.sort((a, b) => a.upperBound - b.upperBound);
  if ((input[input.length - 1] as Bucket).upperBound !== Number.POSITIVE_INFINITY)
    return Number.NaN;
  const buckets = sortAndCoalesce(input);
  if (ensureMonotonic(buckets)) onForcedMonotonic?.();
  if (buckets.length < 2) return Number.NaN;
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && (buckets[b] as Bucket).count < rank) b++;
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upperBound;
  if (b === 0 && (buckets[0] as Bucket).upperBound <= 0) return (buckets[0] as Bucket).upperBound;
  let bucketStart = 0;
  const bucketEnd = (buckets[b] as Bucket).upperBound;
  let count = (buckets[b] as Bucket).count;
  if (b > 0) {
    const prev = buckets[b - 1] as Bucket;
    bucketStart = prev.upperBound;
    count -= prev.count;
    rank -= prev.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

export function bucketFraction(lower: number, upper: number, input: Bucket[]): number {
  input.sort((a, b) => a.upperBound - b.upperBound);
  if ((input[input.length - 1] as Bucket).upperBound !== Number.POSITIVE_INFINITY)
    return Number.NaN;
  const buckets = sortAndCoalesce(input);
  const count = (buckets[buckets.length - 1] as Bucket).count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return Number.NaN;
  if (lower >= upper) return 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = (buckets[0] as Bucket).upperBound <= 0 ? Number.NEGATIVE_INFINITY : 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (i > 0) lowerBound = (buckets[i - 1] as Bucket).upperBound;
    const upperBound = b.upperBound;
    const interpolate = (v: number) =>
      lowerBound === Number.NEGATIVE_INFINITY
        ? b.count
        : rank + ((b.count - rank) * (v - lowerBound)) / (upperBound - lowerBound);
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = b.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}
