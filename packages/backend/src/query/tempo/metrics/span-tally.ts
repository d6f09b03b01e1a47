import {
  type FieldValue,
  fieldValue,
  matchingSpans,
  type TraceqlQuery,
  type TraceqlTrace,
} from '@otel-lab/traceql';
import type { ExemplarPicker } from './exemplar-picker.js';
import { bucketOf, labelOf, numberOf } from './field-number.js';
import type { SeriesAccumulator } from './series-accumulator.js';
import { intervalOf } from './time-grid.js';

/**
 * The evaluating path's tally of one candidate trace: the spans the query's selecting stages
 * match (the evaluator's matchingSpans), those that started in the grid counted into their
 * group and interval. Resolves how many spans it counted. One span of the trace may become an
 * exemplar, as Tempo takes at most one per trace.
 */
export function tallyTrace(
  parsed: TraceqlQuery,
  trace: TraceqlTrace,
  acc: SeriesAccumulator,
  picker?: ExemplarPicker,
): number {
  const { query, grid } = acc;
  let counted = 0;
  let exemplarTaken = false;
  for (const span of matchingSpans(parsed, trace)) {
    const interval = intervalOf(grid, span.startNs);
    if (interval < 0) continue;
    const labels = query.by.map((field) => labelOf(fieldValue(field, span, trace)));
    const value: FieldValue | undefined = query.field && fieldValue(query.field, span, trace);
    let bucket: number | undefined;
    let number = Number.NaN;
    if (query.fn === 'rate' || query.fn === 'count_over_time') {
      acc.add(labels, interval, 1);
    } else if (query.fn === 'quantile_over_time' || query.fn === 'histogram_over_time') {
      bucket = value && bucketOf(value);
      if (bucket === undefined) continue;
      acc.addBucket(labels, interval, bucket, 1);
    } else {
      const n = query.field && value && numberOf(query.field, value);
      if (n === undefined || Number.isNaN(n)) continue;
      number = n;
      acc.add(labels, interval, 1, n, n, n);
    }
    counted++;
    if (picker && !exemplarTaken && !picker.full) {
      exemplarTaken = picker.take(trace.traceId, span.startNs / 1_000_000n);
      if (exemplarTaken) {
        // Quantiles' exemplars carry the span's value; counting functions take the sample's.
        const shown =
          query.fn === 'quantile_over_time' && query.field && value
            ? numberOf(query.field, value)
            : number;
        acc.addExemplar(labels, {
          traceId: trace.traceId,
          spanId: span.spanId,
          timestampMs: span.startNs / 1_000_000n,
          value: shown ?? Number.NaN,
          bucket: query.fn === 'histogram_over_time' ? bucket : undefined,
        });
      }
    }
  }
  return counted;
}
