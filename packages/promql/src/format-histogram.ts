// A native histogram as Prometheus's HTTP API writes it (util/jsonutil.MarshalHistogram): count and
// sum as sample-value strings, then every non-empty bucket in ascending order of value as
// [boundary rule, lower, upper, count], the rule saying which ends are inclusive.
import { allBuckets, type Bucket } from './histogram/bucket-iterator';
import type { FloatHistogram } from './histogram/float-histogram';

/** 0: (lower, upper]; 1: [lower, upper); 2: (lower, upper); 3: [lower, upper]. */
export type BoundaryRule = 0 | 1 | 2 | 3;

export interface ApiHistogram {
  count: string;
  sum: string;
  /** Absent when every bucket is empty, as in Prometheus. */
  buckets?: [BoundaryRule, string, string, string][];
}

export function boundaryRule(b: Bucket): BoundaryRule {
  if (b.lowerInclusive) return b.upperInclusive ? 3 : 1;
  return b.upperInclusive ? 0 : 2;
}

export function formatHistogram(
  h: FloatHistogram,
  formatValue: (f: number) => string,
): ApiHistogram {
  const out: ApiHistogram = { count: formatValue(h.count), sum: formatValue(h.sum) };
  const buckets: [BoundaryRule, string, string, string][] = [];
  for (const b of allBuckets(h)) {
    if (b.count === 0) continue;
    buckets.push([
      boundaryRule(b),
      formatValue(b.lower),
      formatValue(b.upper),
      formatValue(b.count),
    ]);
  }
  if (buckets.length > 0) out.buckets = buckets;
  return out;
}
