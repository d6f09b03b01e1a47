// The step of `{{base}}+{{inc}}xN` and `{{base}}-{{inc}}xN`: Prometheus's FloatHistogram Add and
// Sub as its promqltest expansion uses them. Kept here, small and separate from the engine's
// histogram arithmetic, so that loading test data does not depend on the code it tests.
import {
  type BucketSpan,
  type CounterResetHint,
  CUSTOM_BUCKETS_SCHEMA,
  type FloatHistogram,
} from '../histogram/float-histogram';
import { NotationError } from './notation-error';

type Buckets = Map<number, number>;

function toMap(spans: readonly BucketSpan[], counts: readonly number[], reduceBy: number): Buckets {
  const out: Buckets = new Map();
  let index = 0;
  let k = 0;
  for (const span of spans) {
    index += span.offset;
    for (let j = 0; j < span.length; j++, k++, index++) {
      // Bucket i of schema s lies in bucket ((i-1) >> d) + 1 of schema s-d.
      const target = reduceBy > 0 ? ((index - 1) >> reduceBy) + 1 : index;
      out.set(target, (out.get(target) ?? 0) + (counts[k] as number));
    }
  }
  return out;
}

function fromMap(buckets: Buckets): { spans: BucketSpan[]; counts: number[] } {
  const spans: BucketSpan[] = [];
  const counts: number[] = [];
  let end = 0;
  for (const index of [...buckets.keys()].sort((a, b) => a - b)) {
    const last = spans[spans.length - 1];
    if (last && index === end) last.length++;
    else spans.push({ offset: spans.length ? index - end : index, length: 1 });
    counts.push(buckets.get(index) as number);
    end = index + 1;
  }
  return { spans, counts };
}

/** Upper bound of bucket `index` in an exponential schema. */
function upperBound(schema: number, index: number): number {
  return 2 ** (index * 2 ** -schema);
}

/**
 * Widens the zero bucket to at least `threshold`: buckets reaching into it join the zero count,
 * and a threshold inside a bucket moves to that bucket's upper bound (Prometheus's
 * zeroCountForLargerThreshold).
 */
function widenZeroBucket(h: Side, threshold: number): void {
  let widened = true;
  while (widened) {
    widened = false;
    for (const buckets of [h.positive, h.negative]) {
      for (const index of [...buckets.keys()].sort((x, y) => x - y)) {
        if (upperBound(h.schema, index - 1) >= threshold) break;
        h.zeroCount += buckets.get(index) as number;
        buckets.delete(index);
        if (upperBound(h.schema, index) > threshold) {
          threshold = upperBound(h.schema, index);
          widened = true;
        }
      }
    }
  }
  h.zeroThreshold = threshold;
}

interface Side {
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  positive: Buckets;
  negative: Buckets;
}

function side(h: FloatHistogram, schema: number): Side {
  const d = h.schema === CUSTOM_BUCKETS_SCHEMA ? 0 : h.schema - schema;
  return {
    schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: h.zeroCount,
    positive: toMap(h.positiveSpans, h.positiveBuckets, d),
    negative: toMap(h.negativeSpans, h.negativeBuckets, d),
  };
}

/** The reset hint of a sum or difference (Prometheus's adjustCounterReset). */
function combinedHint(a: CounterResetHint, b: CounterResetHint): CounterResetHint {
  if (a === b) return a;
  if (a === 'gauge' || b === 'gauge') return 'gauge';
  return 'unknown';
}

/** `a + sign·b`; `a` must not have a finer schema than `b` (Prometheus refuses that too). */
export function combineHistograms(
  a: FloatHistogram,
  b: FloatHistogram,
  sign: 1 | -1,
): FloatHistogram {
  const custom = a.schema === CUSTOM_BUCKETS_SCHEMA;
  if (custom !== (b.schema === CUSTOM_BUCKETS_SCHEMA))
    throw new NotationError(
      'cannot apply this operation to histograms with a mix of exponential and custom bucket schemas',
    );
  if (!custom && a.schema > b.schema)
    throw new NotationError(
      `error combining histograms: cannot merge from schema ${b.schema} to ${a.schema}`,
    );
  if (custom && (a.customValues ?? []).join() !== (b.customValues ?? []).join())
    throw new NotationError(
      'custom-bucket histograms with different bounds cannot be combined in a series description',
    );
  const left = side(a, a.schema);
  const right = side(b, a.schema);
  if (!custom) {
    // Repeat until both agree: widening one can move the threshold past the other's.
    while (left.zeroThreshold !== right.zeroThreshold) {
      if (left.zeroThreshold > right.zeroThreshold) widenZeroBucket(right, left.zeroThreshold);
      else widenZeroBucket(left, right.zeroThreshold);
    }
  }
  for (const [mine, theirs] of [
    [left.positive, right.positive],
    [left.negative, right.negative],
  ] as const) {
    for (const [index, count] of theirs) mine.set(index, (mine.get(index) ?? 0) + sign * count);
  }
  const positive = fromMap(left.positive);
  const negative = fromMap(left.negative);
  const out: FloatHistogram = {
    counterResetHint: combinedHint(a.counterResetHint, b.counterResetHint),
    schema: a.schema,
    zeroThreshold: left.zeroThreshold,
    zeroCount: custom ? a.zeroCount : left.zeroCount + sign * right.zeroCount,
    count: a.count + sign * b.count,
    sum: a.sum + sign * b.sum,
    positiveSpans: positive.spans,
    positiveBuckets: positive.counts,
    negativeSpans: negative.spans,
    negativeBuckets: negative.counts,
  };
  if (custom) out.customValues = [...(a.customValues ?? [])];
  return out;
}
