// Test helper: a FloatHistogram from the fields a test case names, the rest zero (as Go's literals).
import type { FloatHistogram } from './float-histogram';

export function fh(fields: Partial<FloatHistogram>): FloatHistogram {
  return {
    counterResetHint: 'unknown',
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 0,
    sum: 0,
    positiveSpans: [],
    positiveBuckets: [],
    negativeSpans: [],
    negativeBuckets: [],
    ...fields,
  };
}

/** The histogram with -0 written as 0: Go's test equality does not tell them apart. */
export function withoutNegativeZero(h: FloatHistogram): FloatHistogram {
  const z = (v: number) => (v === 0 ? 0 : v);
  return {
    ...h,
    zeroCount: z(h.zeroCount),
    count: z(h.count),
    sum: z(h.sum),
    positiveBuckets: h.positiveBuckets.map(z),
    negativeBuckets: h.negativeBuckets.map(z),
  };
}
