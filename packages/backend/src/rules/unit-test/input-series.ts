import { type Labels, type MemoryStorage, parseSeriesDescription } from '@otel-lab/promql';
import type { InputSeries } from './unit-test-file';

/**
 * A test group's input series, loaded into storage step by step as promtool's lazy loader does
 * (`WithSamplesTill`): before each evaluation at ts only the samples at or before ts are there,
 * so `@` and negative offsets see what Prometheus would see, and rules' outputs interleave with
 * the inputs in time order.
 */
export interface InputSeriesLoader {
  /** Appends every sample at or before `ts` (ms) not appended yet. */
  loadUntil(ts: number): void;
}

interface Point {
  t: number;
  v: number | 'stale';
}

/** The most points the input series of one test may expand to (`0+1x1000000` is a million). */
export const MAX_INPUT_POINTS = 1_000_000;

/** An upper bound of the points `values` expands to, found before expanding it. */
function pointsIn(values: string): number {
  let n = 0;
  for (const token of values.split(/\s+/)) {
    const times = /x(\d+)$/.exec(token);
    n += times ? Number(times[1]) + 1 : 1;
  }
  return n;
}

/** Parses every series (`metric{a="b"} 1+2x3 _ stale`, the i-th value at start + i × interval). */
export function createInputSeriesLoader(
  series: readonly InputSeries[],
  intervalMs: number,
  startMs: number,
  storage: MemoryStorage,
): InputSeriesLoader | Error {
  const points = series.reduce((sum, s) => sum + pointsIn(s.values), 0);
  if (points > MAX_INPUT_POINTS)
    return new Error(
      `input_series expand to ${points} points, more than the ${MAX_INPUT_POINTS} test rules allows in one test`,
    );
  const loaded: { labels: Labels; points: Point[]; next: number }[] = [];
  for (const s of series) {
    let description: ReturnType<typeof parseSeriesDescription>;
    try {
      description = parseSeriesDescription(`${s.series} ${s.values}`);
    } catch (e) {
      return new Error(`parse error in input series ${s.series}: ${(e as Error).message}`);
    }
    const points: Point[] = [];
    for (const [i, value] of description.values.entries()) {
      const t = startMs + i * intervalMs;
      if (value.kind === 'histogram')
        return new Error(`input series ${s.series}: native histograms are not supported`);
      if (value.kind === 'value') points.push({ t, v: value.value });
      else if (value.kind === 'stale') points.push({ t, v: 'stale' });
    }
    loaded.push({ labels: description.labels, points, next: 0 });
  }
  return {
    loadUntil(ts) {
      for (const s of loaded) {
        for (; s.next < s.points.length; s.next++) {
          const p = s.points[s.next] as Point;
          if (p.t > ts) break;
          if (p.v === 'stale') storage.appendStale(s.labels, p.t);
          else storage.append(s.labels, p.t, p.v);
        }
      }
    },
  };
}
