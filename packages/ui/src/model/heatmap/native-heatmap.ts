import { CellAccumulator } from './cell-accumulator.js';
import { type BoundaryRule, type Heatmap, stepGrid } from './heatmap.js';

/** A native histogram as Prometheus 3's API writes it; bucket counts are per bucket. */
export interface HistogramJson {
  count: string;
  sum: string;
  buckets?: [number, string, string, string][];
}

/** A range query's series: floats in `values`, native histograms in `histograms`. */
export interface HistogramMatrixSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  histograms?: [number, HistogramJson][];
}

const toNumber = (text: string) =>
  text === '+Inf' || text === 'Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);

export const hasNativeHistograms = (result: readonly HistogramMatrixSeries[]) =>
  result.some((s) => (s.histograms?.length ?? 0) > 0);

/** Every series' native histograms, summed step by step, as heatmap rows and columns. */
export function nativeHeatmap(
  result: readonly HistogramMatrixSeries[],
  start: number,
  end: number,
  step: number,
  maxRows?: number,
): Heatmap | null {
  const cells = new CellAccumulator(stepGrid(start, end, step), start, step);
  result.forEach((series, s) => {
    for (const [t, histogram] of series.histograms ?? []) {
      for (const [rule, lower, upper, count] of histogram.buckets ?? []) {
        cells.add(s, t, toNumber(lower), toNumber(upper), rule as BoundaryRule, toNumber(count));
      }
    }
  });
  return cells.empty ? null : cells.build(maxRows);
}
