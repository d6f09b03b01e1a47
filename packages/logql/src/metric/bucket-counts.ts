// The counting pushdown: count_over_time and rate of a selector without a pipeline need only how
// many entries of each stream (and detected_level, or whatever metadata the grouping reads) fall
// between window edges, which a storage with countBuckets computes without handing every entry
// over. Buckets are as wide as the greatest common divisor of step and range, so every window edge
// is a bucket edge and a bucket's entries are all in the same windows: the result is the same as
// reading the entries, only the work moves to the storage.
import type { RangeAggregationExpr } from '../ast';
import type { BucketCount, LogProjection, LogSelection, LogStorage } from '../storage';
import type { QueryContext } from './query-context';

/** More buckets than this (a tiny step against a long range) read entries instead. */
const MAX_BUCKETS = 200_000;

export function countable(expr: RangeAggregationExpr, projection: LogProjection | undefined) {
  return (
    (expr.op === 'count_over_time' || expr.op === 'rate') &&
    expr.range.unwrap === undefined &&
    expr.range.selector.pipeline.length === 0 &&
    projection !== undefined &&
    !projection.line
  );
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

export interface CountedBuckets extends ReadonlyArray<BucketCount> {
  readonly widthNs: bigint;
  /** widthNs as a number, for the evaluator's offsets. */
  readonly width: number;
}

/**
 * The counts of (readFrom, readTo) in buckets from readFrom, sorted by bucket; undefined when the
 * storage cannot count (or there would be too many buckets).
 */
export async function countedBuckets(
  storage: LogStorage,
  selection: LogSelection,
  ctx: QueryContext,
  rangeNs: bigint,
): Promise<CountedBuckets | undefined> {
  if (!storage.countBuckets || rangeNs <= 0n) return undefined;
  const widthNs = ctx.steps === 1 ? rangeNs : gcd(ctx.stepNs, rangeNs);
  // The last window ends a nanosecond before readTo (reads are end-exclusive).
  const total = (selection.endNs - 1n - selection.startNs) / widthNs;
  if (total < 1n || total > BigInt(MAX_BUCKETS)) return undefined;
  const counts = await storage.countBuckets({
    ...selection,
    // Entries exactly at readFrom are in no window.
    startNs: selection.startNs + 1n,
    originNs: selection.startNs,
    widthNs,
    buckets: Number(total),
  });
  if (!counts) return undefined;
  const sorted = [...counts].sort((a, b) => a.bucket - b.bucket);
  return Object.assign(sorted, { widthNs, width: Number(widthNs) });
}
