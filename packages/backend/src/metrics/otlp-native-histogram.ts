/**
 * The checks an OTLP exponential histogram point passes before it becomes a native-histogram
 * sample (otlp-exponential-histogram.ts converts it): a bucket limit, offsets a protobuf int32
 * can hold, and Prometheus's histogram validation (negative or inconsistent counts). A point that
 * fails is refused with a message saying why, and counted, as a float point that cannot be stored.
 */
import type { ExponentialHistogramPoint } from '@otel-lab/otlp';
import { validateHistogram } from '@otel-lab/promql';
import {
  type ExponentialConversion,
  exponentialToFloatHistogram,
} from './otlp-exponential-histogram.js';

/**
 * Buckets (positive and negative together) one histogram point may have. OpenTelemetry SDKs
 * keep at most 160 per side by default; the limit bounds what one point costs in memory and on
 * disk whatever a client sends.
 */
export const MAX_HISTOGRAM_BUCKETS = 4096;
const INT32 = 2 ** 31;

function offsetOk(offset: number): boolean {
  return Number.isInteger(offset) && offset >= -INT32 && offset < INT32;
}

export function nativeHistogramOf(
  point: ExponentialHistogramPoint,
  temporality: number,
): ExponentialConversion {
  const buckets = point.positive.bucketCounts.length + point.negative.bucketCounts.length;
  if (buckets > MAX_HISTOGRAM_BUCKETS) {
    return {
      ok: false,
      error: `exponential histogram has ${buckets} buckets; at most ${MAX_HISTOGRAM_BUCKETS} are stored`,
    };
  }
  for (const side of [point.positive, point.negative]) {
    // Past int32 the bucket index arithmetic would wrap (OTLP's offset is a sint32).
    if (!offsetOk(side.offset) || !offsetOk(side.offset + side.bucketCounts.length)) {
      return {
        ok: false,
        error: `exponential histogram bucket offset ${side.offset} is out of range`,
      };
    }
  }
  const converted = exponentialToFloatHistogram(point, temporality);
  if (!converted.ok || converted.stale) return converted;
  const problem = validateHistogram(converted.histogram);
  if (problem !== undefined)
    return { ok: false, error: `invalid exponential histogram: ${problem}` };
  return converted;
}
