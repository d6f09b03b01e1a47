/**
 * A histogram over time as rows of buckets by columns of steps: what the heatmap draws. Built
 * from native histograms (the API's `histograms`) or classic `le` series by the builders beside.
 */

/** Prometheus's boundary rule: 0 (lower, upper], 1 [lower, upper), 2 (lower, upper), 3 [lower, upper]. */
export type BoundaryRule = 0 | 1 | 2 | 3;

export interface HeatmapRow {
  lower: number;
  upper: number;
  rule: BoundaryRule;
}

export interface Heatmap {
  /** Step end times in seconds; a column covers (x - step, x]. */
  xs: number[];
  step: number;
  /** Ascending by bounds, contiguous, at most MAX_HEATMAP_ROWS. */
  rows: HeatmapRow[];
  /** counts[row][column]: the bucket's count (or rate) at that step; 0 when none. */
  counts: number[][];
  /** The largest count, for the colour scale. */
  max: number;
  /** How many series were summed into it. */
  series: number;
  /** Source rows merged into one drawn row (1 when none were). */
  merged: number;
}

/** Rows drawn at most: finer buckets are merged in equal groups beyond this. */
export const MAX_HEATMAP_ROWS = 60;

/** The step grid of a range query, as the graph uses it. */
export function stepGrid(start: number, end: number, step: number): number[] {
  const xs: number[] = [];
  for (let t = start; t <= end + 1e-9; t += step) xs.push(t);
  return xs;
}

/** "(0.1, 0.25]" with the bounds written by `format`, brackets per the boundary rule. */
export function rowLabel(row: HeatmapRow, format: (value: number) => string): string {
  const open = row.rule === 1 || row.rule === 3 ? '[' : '(';
  const close = row.rule === 1 || row.rule === 2 ? ')' : ']';
  return `${open}${format(row.lower)}, ${format(row.upper)}${close}`;
}

/** Merges adjacent rows in equal groups until at most `maxRows` remain; counts add up. */
export function capRows(heatmap: Heatmap, maxRows = MAX_HEATMAP_ROWS): Heatmap {
  const n = heatmap.rows.length;
  if (n <= maxRows) return heatmap;
  const group = Math.ceil(n / maxRows);
  const rows: HeatmapRow[] = [];
  const counts: number[][] = [];
  for (let first = 0; first < n; first += group) {
    const last = Math.min(n, first + group) - 1;
    const low = heatmap.rows[first] as HeatmapRow;
    const high = heatmap.rows[last] as HeatmapRow;
    rows.push({ lower: low.lower, upper: high.upper, rule: mergedRule(low.rule, high.rule) });
    const sum = new Array<number>(heatmap.xs.length).fill(0);
    for (let r = first; r <= last; r++) {
      const source = heatmap.counts[r] as number[];
      for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (source[i] as number);
    }
    counts.push(sum);
  }
  return { ...heatmap, rows, counts, max: maxOf(counts), merged: heatmap.merged * group };
}

/** The merged row keeps its first row's lower and its last row's upper bracket. */
function mergedRule(low: BoundaryRule, high: BoundaryRule): BoundaryRule {
  const closedLow = low === 1 || low === 3;
  const closedHigh = high === 0 || high === 3;
  return closedLow ? (closedHigh ? 3 : 1) : closedHigh ? 0 : 2;
}

export function maxOf(counts: readonly number[][]): number {
  let max = 0;
  for (const row of counts) for (const c of row) if (c > max) max = c;
  return max;
}

/** Total count per column, for the legend and tests. */
export function columnTotals(heatmap: Heatmap): number[] {
  return heatmap.xs.map((_, i) => heatmap.counts.reduce((sum, row) => sum + (row[i] as number), 0));
}

/**
 * Where a value sits on the heatmap's row axis (row r spans r..r+1), interpolated linearly
 * inside its row, so a quantile line crosses the bucket that holds it; null outside the rows.
 */
export function rowPosition(rows: readonly HeatmapRow[], value: number | null): number | null {
  if (value === null || Number.isNaN(value)) return null;
  for (let r = 0; r < rows.length; r++) {
    const { lower, upper } = rows[r] as HeatmapRow;
    if (value < lower || value > upper) continue;
    if (!Number.isFinite(lower) || !Number.isFinite(upper) || upper === lower) return r + 0.5;
    return r + (value - lower) / (upper - lower);
  }
  return null;
}

/** The column a time falls in: column i covers (xs[i] - step, xs[i]]. */
export function columnAt(heatmap: Heatmap, t: number): number | null {
  const first = heatmap.xs[0];
  if (first === undefined) return null;
  const i = Math.ceil((t - first) / heatmap.step - 1e-9);
  // + 0 turns the -0 that ceil gives just below a step into 0.
  return i >= 0 && i < heatmap.xs.length ? i + 0 : null;
}
