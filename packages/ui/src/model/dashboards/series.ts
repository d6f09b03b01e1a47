import { legendName } from './legend.js';

/** A Prometheus API series: labels and [seconds, "value"] pairs (range) or one pair (instant). */
export interface PromSeriesData {
  metric: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
}

export interface NamedSeries {
  name: string;
  labels: Record<string, string>;
  points: [number, number | null][];
}

/** Prometheus writes +Inf, -Inf and NaN; NaN is a gap. */
const number = (text: string): number | null => {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const n = Number(text);
  return Number.isNaN(n) ? null : n;
};

/** Series with their legend names and numeric points, for any query's answers. */
export function nameSeries(
  series: readonly PromSeriesData[],
  legendFormat?: string,
): NamedSeries[] {
  return series.map((s) => ({
    name: legendName(s.metric ?? {}, legendFormat),
    labels: s.metric ?? {},
    points: (s.values ?? (s.value ? [s.value] : [])).map(
      ([t, v]) => [t, number(v)] as [number, number | null],
    ),
  }));
}

/** uPlot's columns: shared sorted timestamps, then one column per series with nulls for gaps. */
export function alignSeries(series: readonly NamedSeries[]): [number[], ...(number | null)[][]] {
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = series.map((s) => {
    const column: (number | null)[] = new Array(times.length).fill(null);
    for (const [t, v] of s.points) column[index.get(t) as number] = v;
    return column;
  });
  return [times, ...columns];
}

/** The last non-null value of a series (Grafana's default reducer, lastNotNull). */
export function lastValue(series: NamedSeries): number | null {
  for (let i = series.points.length - 1; i >= 0; i--) {
    const v = series.points[i]?.[1];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}
