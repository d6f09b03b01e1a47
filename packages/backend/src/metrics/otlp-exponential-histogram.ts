/**
 * One OTLP exponential histogram point → a native histogram sample, as Prometheus 3's OTLP
 * translator converts it (exponentialToNativeHistogram in storage/remote/otlptranslator):
 *
 * - scale above 8 is brought down to 8 by merging 2^(scale-8) neighbouring buckets; below -4
 *   the point is refused with Prometheus's message;
 * - the zero threshold is Prometheus's fixed 1e-128: its translator does not read OTLP's
 *   zero_threshold yet, and the zero count is kept as sent;
 * - a point without a sum gets sum 0, as there;
 * - cumulative temporality gives reset hint `unknown` (PromQL detects resets itself); delta gives
 *   `gauge`;
 * - a point flagged "no recorded value" is a staleness marker: `stale` is set and sum and count
 *   are NaN (the StaleNaN bit pattern does not survive a JS number; storage writes the marker);
 * - count 0 with a non-zero sum is kept, with Prometheus's warning.
 */
import type { ExponentialHistogramPoint } from '@otel-lab/otlp';
import {
  type CounterResetHint,
  type FloatHistogram,
  MAX_EXPONENTIAL_SCHEMA,
  MIN_EXPONENTIAL_SCHEMA,
} from '@otel-lab/promql';
import { exponentialBucketsLayout } from './otlp-exponential-buckets.js';

/** Prometheus's zero bucket width for OTLP histograms (its defaultZeroThreshold). */
export const OTLP_ZERO_THRESHOLD = 1e-128;
/** OTLP AggregationTemporality. */
const DELTA = 1;
const NO_RECORDED_VALUE = 1;

export type ExponentialConversion =
  | { ok: true; histogram: FloatHistogram; stale: boolean; warnings: string[] }
  | { ok: false; error: string };

export function exponentialToFloatHistogram(
  point: ExponentialHistogramPoint,
  temporality: number,
): ExponentialConversion {
  let schema = point.scale;
  if (schema < MIN_EXPONENTIAL_SCHEMA) {
    return {
      ok: false,
      error: `cannot convert exponential to native histogram. Scale must be >= ${MIN_EXPONENTIAL_SCHEMA}, was ${schema}`,
    };
  }
  let scaleDown = 0;
  if (schema > MAX_EXPONENTIAL_SCHEMA) {
    scaleDown = schema - MAX_EXPONENTIAL_SCHEMA;
    schema = MAX_EXPONENTIAL_SCHEMA;
  }
  const positive = exponentialBucketsLayout(
    point.positive.bucketCounts,
    point.positive.offset,
    scaleDown,
  );
  const negative = exponentialBucketsLayout(
    point.negative.bucketCounts,
    point.negative.offset,
    scaleDown,
  );
  const counterResetHint: CounterResetHint = temporality === DELTA ? 'gauge' : 'unknown';
  const stale = (point.flags & NO_RECORDED_VALUE) !== 0;
  const histogram: FloatHistogram = {
    counterResetHint,
    schema,
    zeroThreshold: OTLP_ZERO_THRESHOLD,
    zeroCount: Number(point.zeroCount),
    count: stale ? Number.NaN : Number(point.count),
    sum: stale ? Number.NaN : (point.sum ?? 0),
    positiveSpans: positive.spans,
    positiveBuckets: positive.buckets,
    negativeSpans: negative.spans,
    negativeBuckets: negative.buckets,
  };
  const warnings: string[] = [];
  if (!stale && histogram.count === 0 && histogram.sum !== 0) {
    warnings.push(
      `exponential histogram data point has zero count, but non-zero sum: ${histogram.sum.toFixed(6)}`,
    );
  }
  return { ok: true, histogram, stale, warnings };
}
