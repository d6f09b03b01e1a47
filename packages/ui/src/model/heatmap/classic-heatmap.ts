import { CellAccumulator } from './cell-accumulator.js';
import { type Heatmap, stepGrid } from './heatmap.js';
import type { HistogramMatrixSeries } from './native-heatmap.js';

const parseLe = (text: string | undefined) =>
  text === '+Inf' || text === 'Inf' ? Infinity : text === undefined ? Number.NaN : Number(text);

/** Classic buckets: every series carries a numeric `le` and float values. */
export function isClassicBuckets(result: readonly HistogramMatrixSeries[]): boolean {
  return (
    result.length > 0 &&
    result.every((s) => !Number.isNaN(parseLe(s.metric.le)) && (s.values?.length ?? 0) > 0)
  );
}

/** The labels that make one classic histogram: all but `le`. */
function groupKey(metric: Record<string, string>): string {
  return JSON.stringify(
    Object.entries(metric)
      .filter(([name]) => name !== 'le')
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/**
 * Classic `le` series (cumulative counts, or their rates) de-cumulated step by step: bucket i
 * holds le[i] minus le[i-1], the first from 0 (as histogram_quantile takes it) when its bound is
 * positive. Histograms with other labels are summed, as `sum by (le)` would; a negative
 * difference (a bucket that lost a scrape) counts as none.
 */
export function classicHeatmap(
  result: readonly HistogramMatrixSeries[],
  start: number,
  end: number,
  step: number,
  maxRows?: number,
): Heatmap | null {
  const cells = new CellAccumulator(stepGrid(start, end, step), start, step);
  const groups = new Map<string, HistogramMatrixSeries[]>();
  for (const series of result) {
    const key = groupKey(series.metric);
    groups.set(key, [...(groups.get(key) ?? []), series]);
  }
  let g = 0;
  for (const group of groups.values()) {
    const sorted = group
      .map((series) => ({ le: parseLe(series.metric.le), values: new Map(series.values ?? []) }))
      .sort((a, b) => a.le - b.le);
    const times = new Set(sorted.flatMap((b) => [...b.values.keys()]));
    for (const t of times) {
      let below = 0;
      let lower = (sorted[0]?.le ?? 0) > 0 ? 0 : -Infinity;
      for (const bucket of sorted) {
        const text = bucket.values.get(t);
        if (text === undefined) continue;
        const cumulative = Number(text);
        if (Number.isNaN(cumulative)) continue;
        cells.add(g, t, lower, bucket.le, 0, cumulative - below);
        below = Math.max(below, cumulative);
        lower = bucket.le;
      }
    }
    g++;
  }
  return cells.empty ? null : cells.build(maxRows);
}
