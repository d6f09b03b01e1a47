/**
 * OTLP's dense exponential buckets → Prometheus's sparse spans, as Prometheus's OTLP translator
 * lays them out (convertBucketsLayout, itself client_golang's makeBuckets): OTLP bucket i covers
 * (base^i, base^(i+1)], Prometheus bucket i covers (base^(i-1), base^i], so indices move up by
 * one; `scaleDown` merges 2^scaleDown neighbours into one; runs of up to two empty buckets stay
 * inside a span as zeros, longer runs start a new span. Counts come out absolute.
 */
import type { BucketSpan } from '@otel-lab/promql';

/** Empty buckets kept inside a span rather than starting a new one (client_golang's constant). */
const MAX_INNER_GAP = 2;

export interface SparseBuckets {
  spans: BucketSpan[];
  buckets: number[];
}

export function exponentialBucketsLayout(
  counts: readonly (bigint | number)[],
  offset: number,
  scaleDown: number,
): SparseBuckets {
  if (counts.length === 0) return { spans: [], buckets: [] };
  // Prometheus bucket of OTLP bucket `i` (arithmetic shift: floor division, negatives included).
  const target = (i: number) => ((i + offset) >> scaleDown) + 1;
  const spans: BucketSpan[] = [{ offset: target(0), length: 0 }];
  const buckets: number[] = [];
  const emit = (count: number) => {
    (spans[spans.length - 1] as BucketSpan).length++;
    buckets.push(count);
  };
  // `pending` accumulates the merged bucket; `placed` is the first index not yet written. While
  // the merged counts are zero, `placed` stays behind, so the zeros become the gap before the
  // next non-empty bucket.
  const emitWithGap = (gap: number, count: number) => {
    if (gap > MAX_INNER_GAP) spans.push({ offset: gap, length: 0 });
    else for (let k = 0; k < gap; k++) emit(0);
    emit(count);
  };
  let placed = target(0);
  let pending = 0;
  for (let i = 0; i < counts.length; i++) {
    const next = target(i);
    const count = Number(counts[i]);
    if (next === placed) {
      pending += count;
      continue;
    }
    if (pending === 0) {
      pending = count;
      continue;
    }
    emitWithGap(next - placed - 1, pending);
    pending = count;
    placed = next;
  }
  emitWithGap(target(counts.length - 1) - placed, pending);
  return { spans, buckets };
}
