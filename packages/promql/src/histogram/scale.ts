// Multiplying and dividing a histogram by a scalar, as Prometheus's FloatHistogram.Mul and Div.
import type { FloatHistogram } from './float-histogram';

/** Every count, the zero count and the sum times `factor`; a negative factor makes a gauge. */
export function multiplyHistogram(h: FloatHistogram, factor: number): FloatHistogram {
  return {
    ...h,
    zeroCount: h.zeroCount * factor,
    count: h.count * factor,
    sum: h.sum * factor,
    positiveBuckets: h.positiveBuckets.map((c) => c * factor),
    negativeBuckets: h.negativeBuckets.map((c) => c * factor),
    counterResetHint: factor < 0 ? 'gauge' : h.counterResetHint,
  };
}

/**
 * Every count, the zero count and the sum divided by `divisor`. Dividing by zero removes all
 * buckets (count, zero count and sum become ±Inf or NaN) and keeps the hint, as Prometheus does.
 */
export function divideHistogram(h: FloatHistogram, divisor: number): FloatHistogram {
  const scaled = {
    ...h,
    zeroCount: h.zeroCount / divisor,
    count: h.count / divisor,
    sum: h.sum / divisor,
  };
  if (divisor === 0) {
    return {
      ...scaled,
      positiveSpans: [],
      positiveBuckets: [],
      negativeSpans: [],
      negativeBuckets: [],
    };
  }
  return {
    ...scaled,
    positiveBuckets: h.positiveBuckets.map((c) => c / divisor),
    negativeBuckets: h.negativeBuckets.map((c) => c / divisor),
    counterResetHint: divisor < 0 ? 'gauge' : h.counterResetHint,
  };
}
