// Validation of a histogram's consistency, with Prometheus's FloatHistogram.Validate messages.
import {
  type BucketSpan,
  CUSTOM_BUCKETS_SCHEMA,
  type FloatHistogram,
  MAX_EXPONENTIAL_SCHEMA,
  MIN_EXPONENTIAL_SCHEMA,
} from './float-histogram';

const SPANS_MISMATCH = 'histogram spans specify different number of buckets than provided';
const NEGATIVE_OFFSET = 'histogram has a span whose offset is negative';
const NEGATIVE_BUCKET = 'histogram has a bucket whose observation count is negative';

/** Spans and bucket count agree and no span but the first has a negative offset; else the problem. */
export function checkSpans(spans: readonly BucketSpan[], bucketCount: number): string | undefined {
  let needed = 0;
  for (const [n, span] of spans.entries()) {
    if (n > 0 && span.offset < 0) {
      return `span number ${n + 1} with offset ${span.offset}: ${NEGATIVE_OFFSET}`;
    }
    needed += span.length;
  }
  if (needed !== bucketCount) {
    return `spans need ${needed} buckets, have ${bucketCount} buckets: ${SPANS_MISMATCH}`;
  }
  return undefined;
}

function checkBuckets(buckets: readonly number[]): string | undefined {
  for (const [i, count] of buckets.entries()) {
    if (count < 0)
      return `bucket number ${i + 1} has observation count of ${count}: ${NEGATIVE_BUCKET}`;
  }
  return undefined;
}

function checkCustomBounds(h: FloatHistogram): string | undefined {
  const bounds = h.customValues ?? [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const [i, bound] of bounds.entries()) {
    if (Number.isNaN(bound)) return 'histogram custom bounds must not be NaN';
    if (i > 0 && bound <= previous) {
      return `previous bound is ${previous.toFixed(6)} and current is ${bound.toFixed(6)}: histogram custom bounds must be in strictly increasing order`;
    }
    previous = bound;
  }
  if (previous === Number.POSITIVE_INFINITY) {
    return 'last +Inf bound must not be explicitly defined: histogram custom bounds must be finite';
  }
  let needed = 0;
  let covered = 0;
  for (const [n, span] of h.positiveSpans.entries()) {
    if (span.offset < 0)
      return `span number ${n + 1} with offset ${span.offset}: ${NEGATIVE_OFFSET}`;
    needed += span.length;
    covered += span.length + span.offset;
  }
  if (needed !== h.positiveBuckets.length) {
    return `spans need ${needed} buckets, have ${h.positiveBuckets.length} buckets: ${SPANS_MISMATCH}`;
  }
  if (bounds.length + 1 < covered) {
    return `only ${bounds.length} custom bounds defined which is insufficient to cover total span length of ${covered}: histogram custom bounds are too few`;
  }
  return undefined;
}

/**
 * The first inconsistency Prometheus's Validate reports, or undefined. Like Prometheus it does not
 * compare count with the buckets' total, which float rounding would make fail spuriously.
 */
export function validateHistogram(h: FloatHistogram): string | undefined {
  if (h.schema === CUSTOM_BUCKETS_SCHEMA) {
    const bounds = checkCustomBounds(h);
    if (bounds !== undefined) return `custom buckets: ${bounds}`;
    if (h.zeroCount !== 0) return 'custom buckets: must have zero count of 0';
    if (h.zeroThreshold !== 0) return 'custom buckets: must have zero threshold of 0';
    if (h.negativeSpans.length > 0) return 'custom buckets: must not have negative spans';
    if (h.negativeBuckets.length > 0) return 'custom buckets: must not have negative buckets';
  } else if (h.schema >= MIN_EXPONENTIAL_SCHEMA && h.schema <= MAX_EXPONENTIAL_SCHEMA) {
    const problem =
      side('positive', checkSpans(h.positiveSpans, h.positiveBuckets.length)) ??
      side('negative', checkSpans(h.negativeSpans, h.negativeBuckets.length)) ??
      side('negative', checkBuckets(h.negativeBuckets));
    if (problem !== undefined) return problem;
    if (h.zeroCount < 0) {
      return `zero bucket has observation count of ${h.zeroCount}: ${NEGATIVE_BUCKET}`;
    }
    if (h.customValues !== undefined) {
      return 'histogram with exponential schema must not have custom bounds';
    }
  } else {
    return `histogram has an invalid schema, which must be between ${MIN_EXPONENTIAL_SCHEMA} and ${MAX_EXPONENTIAL_SCHEMA} for exponential buckets, or ${CUSTOM_BUCKETS_SCHEMA} for custom buckets, got schema ${h.schema}`;
  }
  if (h.count < 0)
    return `observation count is  ${h.count}: histogram's observation count is negative`;
  return side('positive', checkBuckets(h.positiveBuckets));
}

function side(name: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${name} side: ${problem}`;
}
