import { seriesName } from './series-name.js';

export interface MatrixSeries {
  metric: Record<string, string>;
  values?: [number, string][];
}

export interface PlotSeries {
  name: string;
  values: (number | null)[];
}

export interface PlotData {
  /** Seconds, one per step from start to end. */
  xs: number[];
  series: PlotSeries[];
}

/** A matrix on the step grid: one column per step, null where a series has no point (a gap). */
export function matrixToPlotData(
  result: MatrixSeries[],
  start: number,
  end: number,
  step: number,
): PlotData {
  const xs: number[] = [];
  for (let t = start; t <= end + 1e-9; t += step) xs.push(t);
  const series = result.map((s) => {
    const values: (number | null)[] = new Array(xs.length).fill(null);
    for (const [t, v] of s.values ?? []) {
      const i = Math.round((t - start) / step);
      if (i >= 0 && i < xs.length) values[i] = parseValue(v);
    }
    return { name: seriesName(s.metric), values };
  });
  return { xs, series };
}

export function parseValue(text: string): number | null {
  if (text === 'NaN') return null;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const n = Number(text);
  return Number.isNaN(n) ? null : n;
}

/** Cumulative sums of the visible series in order (hidden ones add nothing); a gap adds nothing. */
export function stackSeries(series: (number | null)[][], visible: boolean[]): (number | null)[][] {
  const length = series[0]?.length ?? 0;
  const sums: number[] = new Array(length).fill(0);
  return series.map((values, index) => {
    if (!visible[index]) return values;
    return values.map((v, i) => {
      if (v === null) return null;
      sums[i] = (sums[i] ?? 0) + v;
      return sums[i] ?? null;
    });
  });
}
