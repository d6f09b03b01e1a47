/** The quantiles drawn as lines over a histogram's heatmap, with their colours. */
export const QUANTILE_LINES = [
  { q: 0.5, name: 'p50', color: '#2f6fd0' },
  { q: 0.9, name: 'p90', color: '#3a9d4a' },
  { q: 0.99, name: 'p99', color: '#8a5cc8' },
] as const;

/**
 * histogram_quantile over what the heatmap shows: the engine's own answer, not one estimated in
 * the browser. The heatmap sums its series, so the quantile is of their sum too: `sum` for native
 * histograms, `sum by (le)` for classic buckets.
 */
export function quantileQuery(query: string, kind: 'native' | 'classic', q: number): string {
  const summed = kind === 'native' ? `sum(${query})` : `sum by (le) (${query})`;
  return `histogram_quantile(${q}, ${summed})`;
}
