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
