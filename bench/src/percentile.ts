/**
 * The p-th percentile of a benchmark's timings by the nearest-rank method (the smallest value
 * with at least p % of the values at or below it), as the other benches compute theirs; NaN
 * for no values, so a table shows '-' rather than a figure nothing measured.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}
