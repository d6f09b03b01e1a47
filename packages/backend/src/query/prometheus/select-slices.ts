/**
 * The computing a PromQL select does on the main thread, in its CPU lane (cpu-lane.ts): matching
 * the series index and copying recent samples, a slice at a time, with the query's budget
 * (`take`) consulted after each pause, so a query that has ended or is late stops here too.
 */
import type { RecentSamples, RecentSeries } from '../../storage/recent-samples.js';
import { type RowChunk, RowChunkWriter } from '../../storage/row-chunks.js';
import type { IndexedSeries } from '../../storage/series-index.js';
import { type CpuLane, mainThreadLane } from './cpu-lane.js';
import { compileMatchers, type LabelMatcher } from './label-matcher.js';

/** Sees rows about to be kept (0: none, only whether to go on); throws to stop. */
type TakeRows = (rows: number) => void;

/** Series tested, or samples copied, between two looks at the clock. */
const LOOK_EVERY = 1024;

/** The series of `candidates` that `matchers` select, ascending by id. */
export async function matchInLane(
  candidates: Iterable<IndexedSeries>,
  matchers: readonly LabelMatcher[],
  take: TakeRows,
  lane: CpuLane = mainThreadLane,
): Promise<IndexedSeries[]> {
  await lane.enter();
  try {
    take(0);
    const test = compileMatchers(matchers);
    const out: IndexedSeries[] = [];
    let seen = 0;
    for (const series of candidates) {
      if (test(series.labels)) out.push(series);
      if (++seen % LOOK_EVERY === 0 && lane.spent()) {
        await lane.yield();
        take(0);
      }
    }
    return out.sort((a, b) => a.id - b.id);
  } finally {
    lane.leave();
  }
}

/** The recent samples of the matched series in [minT, maxT], as rows. */
export async function copyRecentInLane(
  recent: RecentSamples,
  matched: readonly IndexedSeries[],
  minT: number,
  maxT: number,
  take: TakeRows,
  lane: CpuLane = mainThreadLane,
): Promise<RowChunk[]> {
  await lane.enter();
  try {
    const writer = new RowChunkWriter();
    let sinceLook = 0;
    for (const series of matched) {
      const samples = recent.select(series.id, minT, maxT);
      if (!samples) continue;
      const n = samples.timestamps.length;
      take(n);
      const words = new Uint32Array(samples.values.buffer, samples.values.byteOffset, n * 2);
      for (let i = 0; i < n; i++) {
        writer.addRow(series.id, samples.timestamps[i] as number, words, i);
      }
      sinceLook += n + 1;
      if (sinceLook >= LOOK_EVERY) {
        sinceLook = 0;
        if (lane.spent()) {
          await lane.yield();
          take(0);
        }
      }
    }
    return writer.chunks;
  } finally {
    lane.leave();
  }
}

/**
 * The recent samples of each matched series in [minT, maxT], for the engine: each series' samples
 * copied once, already in time order, where rows (copyRecentInLane) are copied again to be grouped.
 */
export async function selectRecentInLane(
  recent: RecentSamples,
  matched: readonly IndexedSeries[],
  minT: number,
  maxT: number,
  take: TakeRows,
  lane: CpuLane = mainThreadLane,
): Promise<{ series: IndexedSeries; samples: RecentSeries }[]> {
  await lane.enter();
  try {
    const out: { series: IndexedSeries; samples: RecentSeries }[] = [];
    let sinceLook = 0;
    for (const series of matched) {
      const samples = recent.select(series.id, minT, maxT);
      if (!samples) continue;
      take(samples.timestamps.length);
      out.push({ series, samples });
      sinceLook += samples.timestamps.length + 1;
      if (sinceLook >= LOOK_EVERY) {
        sinceLook = 0;
        if (lane.spent()) {
          await lane.yield();
          take(0);
        }
      }
    }
    return out;
  } finally {
    lane.leave();
  }
}
