// A range window over a series that holds native histograms: the float window of range-functions.ts
// plus the histogram points of the same time range, kept apart as Prometheus's Series keeps them.
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from '../histogram/float-histogram';
import type { Label } from '../labels';
import type { Window } from './range-functions';
import type { RangeNotes } from './range-histogram-messages';

export interface MixedWindow extends Window {
  readonly hts: ArrayLike<number>;
  readonly hs: readonly FloatHistogram[];
  readonly hFrom: number;
  /** Exclusive. */
  readonly hTo: number;
}

/** A series with histograms, as range-call.ts's WindowSource holds it. */
export interface MixedSource {
  readonly metric: readonly Label[];
  readonly ts: ArrayLike<number>;
  readonly vs: ArrayLike<number>;
  readonly hts?: ArrayLike<number> | undefined;
  readonly hs?: readonly FloatHistogram[] | undefined;
  readonly dropName: boolean;
}

/** A float, a histogram, or no sample for this window. */
export type MixedValue = number | FloatHistogram | undefined;

export type MixedRangeFunction = (w: MixedWindow, notes: RangeNotes) => MixedValue;

export const usesCustomBuckets = (h: FloatHistogram) => h.schema === CUSTOM_BUCKETS_SCHEMA;

/** An empty histogram with the layout (schema, custom bounds) of `like`. */
export function emptyHistogramLike(like: FloatHistogram): FloatHistogram {
  return {
    counterResetHint: 'unknown',
    schema: like.schema,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 0,
    sum: 0,
    positiveSpans: [],
    positiveBuckets: [],
    negativeSpans: [],
    negativeBuckets: [],
    ...(like.customValues ? { customValues: like.customValues } : {}),
  };
}
