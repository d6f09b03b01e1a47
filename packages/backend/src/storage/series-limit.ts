import type { SampleBatch, SeriesSamples } from '../metrics/sample.js';

/** Series the store holds at most by default: its index is in memory (a few hundred bytes each). */
export const DEFAULT_MAX_SERIES = 250_000;

/**
 * The batch without the entries of the `refused` series (new series past the limit), with the
 * ids of the entries kept. Points are copied slice by slice; same-type typed array copies are
 * byte copies, so NaN payloads survive.
 */
export function withoutSeries(
  batch: SampleBatch,
  ids: Uint32Array,
  refused: ReadonlySet<number>,
): { batch: SampleBatch; ids: Uint32Array; refusedPoints: number } {
  const kept: SeriesSamples[] = [];
  const keptIds: number[] = [];
  let points = 0;
  batch.series.forEach((entry, index) => {
    const id = ids[index] as number;
    if (refused.has(id)) return;
    kept.push(entry);
    keptIds.push(id);
    points += entry.count;
  });
  const timestampsMs = new Float64Array(points);
  const values = new Float64Array(points);
  let at = 0;
  const series = kept.map((entry) => {
    timestampsMs.set(batch.timestampsMs.subarray(entry.first, entry.first + entry.count), at);
    values.set(batch.values.subarray(entry.first, entry.first + entry.count), at);
    const moved = { ...entry, first: at };
    at += entry.count;
    return moved;
  });
  return {
    batch: { series, timestampsMs, values, metadata: batch.metadata },
    ids: Uint32Array.from(keptIds),
    refusedPoints: batch.values.length - points + refusedHistograms(batch, ids, refused),
  };
}

function refusedHistograms(batch: SampleBatch, ids: Uint32Array, refused: ReadonlySet<number>) {
  let count = 0;
  batch.series.forEach((entry, index) => {
    if (refused.has(ids[index] as number)) count += entry.histograms?.values.length ?? 0;
  });
  return count;
}
