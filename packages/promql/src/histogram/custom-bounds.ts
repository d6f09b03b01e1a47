// Custom-bucket histograms with different bounds meet on the bounds they share (Prometheus 3 since
// it reconciles mismatched NHCB bounds instead of refusing them).

import { kahanInc } from '../evaluate/float-math';
import { type BucketEntries, entriesToSpans } from './bucket-entries';
import type { BucketSpan } from './float-histogram';

/** The bounds present in both ascending lists. */
export function intersectCustomBounds(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/**
 * Adds (sign 1) or subtracts (sign -1) `entries`, laid out on `bounds`, into `sums` laid out on
 * `intersected` (one slot per bound plus +Inf): each bucket goes to the first shared bound at or
 * above its own upper bound. `comps` holds the Kahan compensation per slot.
 */
export function addOntoBounds(
  sums: Float64Array,
  comps: Float64Array,
  entries: BucketEntries,
  bounds: readonly number[],
  intersected: readonly number[],
  sign: 1 | -1,
): void {
  const c = new Float64Array(1);
  let slot = 0;
  for (let i = 0; i < entries.indices.length; i++) {
    const index = entries.indices[i] as number;
    let target = intersected.length;
    if (index < bounds.length) {
      const bound = bounds[index] as number;
      while (slot < intersected.length && (intersected[slot] as number) < bound) slot++;
      if (slot < intersected.length) target = slot;
    }
    c[0] = comps[target] as number;
    sums[target] = kahanInc(sign * (entries.counts[i] as number), sums[target] as number, c);
    comps[target] = c[0] as number;
  }
}

/** Both histograms' buckets on the shared bounds, empty slots left out. */
export function combineOnSharedBounds(
  a: BucketEntries,
  aBounds: readonly number[],
  b: BucketEntries,
  bBounds: readonly number[],
  sign: 1 | -1,
): { spans: BucketSpan[]; buckets: number[]; customValues: number[] } {
  const shared = intersectCustomBounds(aBounds, bBounds);
  const sums = new Float64Array(shared.length + 1);
  const comps = new Float64Array(shared.length + 1);
  addOntoBounds(sums, comps, a, aBounds, shared, 1);
  addOntoBounds(sums, comps, b, bBounds, shared, sign);
  const indices: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sums.length; i++) {
    if (sums[i] === 0 && comps[i] === 0) continue;
    indices.push(i);
    counts.push(sums[i] as number);
  }
  return { ...entriesToSpans(indices, counts), customValues: shared };
}
