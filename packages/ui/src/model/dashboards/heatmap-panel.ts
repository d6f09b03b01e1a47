import { classicHeatmap, isClassicBuckets } from '../heatmap/classic-heatmap.js';
import type { Heatmap } from '../heatmap/heatmap.js';
import {
  type HistogramMatrixSeries,
  hasNativeHistograms,
  nativeHeatmap,
} from '../heatmap/native-heatmap.js';
import type { Panel } from './grafana-types.js';

/**
 * Grafana's heatmap panel over Prometheus data with `calculate: false`: the buckets come from the
 * data, either native histograms or classic `le` series (what `format: "heatmap"` asks
 * Grafana to read). Bucketing raw values in the browser (`calculate: true`) is not done here.
 */
export function heatmapUnsupported(panel: Panel): string | undefined {
  const options = (panel as { options?: { calculate?: unknown } }).options;
  return options?.calculate === true
    ? 'heatmap with calculate: true (bucketing raw values) is not supported here; query native histograms or _bucket series with format heatmap'
    : undefined;
}

/** The y axis unit: the panel's options.yAxis.unit, else its field unit. */
export function heatmapUnit(panel: Panel): string | undefined {
  const yAxis = (panel as { options?: { yAxis?: { unit?: unknown } } }).options?.yAxis;
  return typeof yAxis?.unit === 'string' ? yAxis.unit : panel.fieldConfig?.defaults?.unit;
}

/** The answers of a heatmap panel's queries as one heatmap; null when they hold no histogram. */
export function panelHeatmap(
  result: readonly HistogramMatrixSeries[],
  window: { start: number; end: number; step: number },
): Heatmap | null {
  if (hasNativeHistograms(result)) {
    return nativeHeatmap(result, window.start, window.end, window.step);
  }
  if (isClassicBuckets(result)) {
    return classicHeatmap(result, window.start, window.end, window.step);
  }
  return null;
}
