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
 * multiplyHistogram for a result just computed (rate's), whose positive buckets nothing else holds:
 * those are scaled in place, sparing a copy per step and series. The negative side is copied, as a
 * custom-bucket difference may share its (empty) one with an input.
 */
export function multiplyResultHistogram(h: FloatHistogram, factor: number): FloatHistogram {
  const buckets = h.positiveBuckets;
  for (let i = 0; i < buckets.length; i++) buckets[i] = (buckets[i] as number) * factor;
  h.zeroCount *= factor;
  h.count *= factor;
  h.sum *= factor;
  h.negativeBuckets = h.negativeBuckets.map((c) => c * factor);
  if (factor < 0) h.counterResetHint = 'gauge';
  return h;
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
