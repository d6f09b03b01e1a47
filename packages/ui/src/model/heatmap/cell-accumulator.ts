import { type BoundaryRule, capRows, type Heatmap, type HeatmapRow, maxOf } from './heatmap.js';

interface Entry {
  column: number;
  lower: number;
  upper: number;
  rule: BoundaryRule;
  count: number;
}

/**
 * Collects bucket counts per step and lays them on one set of rows. Buckets from different
 * series or steps may differ (a histogram's scale changes as its range grows, classic series may
 * have other `le` sets): the rows are cut at every bound seen, and a bucket spanning several rows
 * spreads its count evenly over them, so rows never overlap and every count is drawn once.
 */
export class CellAccumulator {
  private readonly entries: Entry[] = [];
  private readonly seriesSeen = new Set<number>();

  constructor(
    private readonly xs: readonly number[],
    private readonly start: number,
    private readonly step: number,
  ) {}

  /** Adds one bucket's count at time `t` (seconds) from series number `series`. */
  add(series: number, t: number, lower: number, upper: number, rule: BoundaryRule, count: number) {
    const column = Math.round((t - this.start) / this.step);
    if (column < 0 || column >= this.xs.length) return;
    if (!(count > 0) || !(upper >= lower) || Number.isNaN(lower)) return;
    this.seriesSeen.add(series);
    this.entries.push({ column, lower, upper, rule, count });
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  build(maxRows?: number): Heatmap {
    const bounds = [...new Set(this.entries.flatMap((e) => [e.lower, e.upper]))].sort(
      (a, b) => a - b,
    );
    const index = new Map(bounds.map((b, i) => [b, i]));
    // A zero-width bucket ([0, 0], a zero bucket of threshold 0) gets the row above its bound.
    const rowCount = Math.max(1, bounds.length - 1);
    const rules = new Array<BoundaryRule>(rowCount).fill(0);
    const counts = Array.from({ length: rowCount }, () =>
      new Array<number>(this.xs.length).fill(0),
    );
    for (const entry of this.entries) {
      const first = Math.min(index.get(entry.lower) as number, rowCount - 1);
      const last = Math.max(first, (index.get(entry.upper) as number) - 1);
      const share = entry.count / (last - first + 1);
      for (let r = first; r <= last; r++) {
        const row = counts[r] as number[];
        row[entry.column] = (row[entry.column] as number) + share;
      }
      if (first === last) rules[first] = entry.rule;
    }
    const rows: HeatmapRow[] = rules.map((rule, r) => ({
      lower: bounds[r] as number,
      upper: (bounds[r + 1] ?? bounds[r]) as number,
      rule,
    }));
    const heatmap: Heatmap = {
      xs: [...this.xs],
      step: this.step,
      rows,
      counts,
      max: maxOf(counts),
      series: this.seriesSeen.size,
      merged: 1,
    };
    return capRows(heatmap, maxRows);
  }
}
