// Spans and buckets as plain (index, count) lists: the arithmetic works on these and turns them back
// into spans, so no operation needs to walk spans by hand.
import type { BucketSpan } from './float-histogram';

export interface BucketEntries {
  /** Bucket indexes, ascending. */
  indices: number[];
  counts: number[];
}

/** The buckets that `spans` place `buckets` at (stops early if the spans ask for more buckets). */
export function spansToEntries(
  spans: readonly BucketSpan[],
  buckets: readonly number[],
): BucketEntries {
  const indices: number[] = [];
  const counts: number[] = [];
  let index = 0;
  for (const span of spans) {
    index += span.offset;
    for (let j = 0; j < span.length; j++, index++) {
      const count = buckets[indices.length];
      if (count === undefined) return { indices, counts };
      indices.push(index);
      counts.push(count);
    }
  }
  return { indices, counts };
}

/** Spans with one span per run of consecutive indexes (no empty or zero-offset spans). */
export function entriesToSpans(
  indices: readonly number[],
  counts: readonly number[],
): { spans: BucketSpan[]; buckets: number[] } {
  const spans: BucketSpan[] = [];
  let last = 0;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    const current = spans[spans.length - 1];
    if (current !== undefined && index === last + 1) current.length++;
    else spans.push({ offset: current === undefined ? index : index - last - 1, length: 1 });
    last = index;
  }
  return { spans, buckets: counts.slice() };
}

/** The index at `targetSchema` of the bucket that contains bucket `index` at `schema` (>= target). */
export function targetIndex(index: number, schema: number, targetSchema: number): number {
  return Math.floor((index - 1) / 2 ** (schema - targetSchema)) + 1;
}

/** Merges buckets into the lower-resolution `targetSchema`, keeping empty ones (Prometheus's rule). */
export function reduceEntries(
  entries: BucketEntries,
  schema: number,
  targetSchema: number,
): BucketEntries {
  // Entries are never changed in place (each caller builds its own): the same schema is the input.
  if (targetSchema === schema) return entries;
  const indices: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < entries.indices.length; i++) {
    const index = targetIndex(entries.indices[i] as number, schema, targetSchema);
    const count = entries.counts[i] as number;
    if (indices[indices.length - 1] === index)
      counts[counts.length - 1] = (counts.at(-1) as number) + count;
    else {
      indices.push(index);
      counts.push(count);
    }
  }
  return { indices, counts };
}
