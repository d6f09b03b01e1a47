// Lowering a histogram's resolution: every 2^(schema - target) neighbouring buckets become one.
import { entriesToSpans, reduceEntries, spansToEntries } from './bucket-entries';
import { type BucketSpan, CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from './float-histogram';

const SPANS_MISMATCH = 'histogram spans specify different number of buckets than provided';

/** Checks spans against buckets in the order (and with the messages) of Prometheus's reduceResolution. */
function checkLayout(spans: readonly BucketSpan[], bucketCount: number): void {
  let needed = 0;
  for (const [n, span] of spans.entries()) {
    if (n > 0 && span.offset < 0) {
      throw new RangeError(
        `span number ${n + 1} with offset ${span.offset}: histogram has a span whose offset is negative`,
      );
    }
    needed += span.length;
    if (needed > bucketCount) {
      throw new RangeError(`have ${bucketCount} buckets but spans need more: ${SPANS_MISMATCH}`);
    }
  }
  if (needed !== bucketCount) {
    throw new RangeError(
      `spans need ${needed} buckets, have ${bucketCount} buckets: ${SPANS_MISMATCH}`,
    );
  }
}

function reduceSide(
  spans: readonly BucketSpan[],
  buckets: readonly number[],
  from: number,
  to: number,
) {
  checkLayout(spans, buckets.length);
  const e = reduceEntries(spansToEntries(spans, buckets), from, to);
  return entriesToSpans(e.indices, e.counts);
}

/**
 * The histogram at the lower exponential `targetSchema`, buckets merged and empty ones kept, as
 * Prometheus's ReduceResolution; throws a RangeError with its message where it returns an error.
 */
export function reduceResolution(h: FloatHistogram, targetSchema: number): FloatHistogram {
  if (h.schema === CUSTOM_BUCKETS_SCHEMA) {
    throw new RangeError('cannot reduce resolution when there are custom buckets');
  }
  if (targetSchema === CUSTOM_BUCKETS_SCHEMA) {
    throw new RangeError('cannot reduce resolution to custom buckets schema');
  }
  if (targetSchema >= h.schema) {
    throw new RangeError(`cannot reduce resolution from schema ${h.schema} to ${targetSchema}`);
  }
  const positive = reduceSide(h.positiveSpans, h.positiveBuckets, h.schema, targetSchema);
  const negative = reduceSide(h.negativeSpans, h.negativeBuckets, h.schema, targetSchema);
  return {
    ...h,
    schema: targetSchema,
    positiveSpans: positive.spans,
    positiveBuckets: positive.buckets,
    negativeSpans: negative.spans,
    negativeBuckets: negative.buckets,
  };
}
