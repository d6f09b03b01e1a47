import { classicHeatmap, isClassicBuckets } from '../../model/heatmap/classic-heatmap.js';
import type { Heatmap } from '../../model/heatmap/heatmap.js';
import { hasNativeHistograms, nativeHeatmap } from '../../model/heatmap/native-heatmap.js';
import { QUANTILE_LINES, quantileQuery } from '../../model/heatmap/quantile-queries.js';
import { matrixToPlotData } from '../../model/metrics/plot-data.js';
import type { RangeQuery } from '../../model/metrics/range.js';
import { rangeQueryParams } from '../../model/metrics/range.js';
import type { HeatmapLine } from '../heatmap/heatmap-plot.js';
import { type MatrixResult, queryRange } from './prom-api.js';

export interface HistogramAnswer {
  kind: 'native' | 'classic';
  heatmap: Heatmap;
  lines: HeatmapLine[];
  warnings: string[];
}

/**
 * A range answer as a heatmap when it holds histograms (native, or classic `le` buckets), with
 * p50/p90/p99 lines from histogram_quantile when asked; null for any other answer.
 */
export async function histogramAnswer(
  query: string,
  result: MatrixResult,
  range: RangeQuery,
  withQuantiles: boolean,
  signal: AbortSignal,
): Promise<HistogramAnswer | null> {
  const kind = hasNativeHistograms(result)
    ? 'native'
    : isClassicBuckets(result)
      ? 'classic'
      : undefined;
  if (!kind) return null;
  const build = kind === 'native' ? nativeHeatmap : classicHeatmap;
  const heatmap = build(result, range.start, range.end, range.step);
  if (!heatmap) return null;
  if (!withQuantiles) return { kind, heatmap, lines: [], warnings: [] };
  const answers = await Promise.all(
    QUANTILE_LINES.map((line) =>
      queryRange(rangeQueryParams(quantileQuery(query, kind, line.q), range), signal),
    ),
  );
  const lines = QUANTILE_LINES.map((line, i) => {
    const plot = matrixToPlotData(
      answers[i]?.data.result ?? [],
      range.start,
      range.end,
      range.step,
    );
    return {
      name: line.name,
      color: line.color,
      values: plot.series[0]?.values ?? plot.xs.map(() => null),
    };
  });
  return { kind, heatmap, lines, warnings: answers.flatMap((a) => a.warnings) };
}
