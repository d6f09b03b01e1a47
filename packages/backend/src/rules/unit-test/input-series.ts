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

/** Parses every series (`metric{a="b"} 1+2x3 _ stale`, the i-th value at i × interval). */
export function createInputSeriesLoader(
  series: readonly InputSeries[],
  intervalMs: number,
  storage: MemoryStorage,
): InputSeriesLoader | Error {
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
      const t = i * intervalMs;
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
