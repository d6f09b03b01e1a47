/**
 * A native histogram sample as PromQL evaluates it: Prometheus's FloatHistogram (model/histogram).
 * OpenTelemetry's exponential histograms become these (base 2^(2^-schema) buckets); classic
 * histograms loaded with `load_with_nhcb` become the custom-bucket kind (schema -53). Bucket
 * counts are absolute, not deltas: every float histogram is, and so is the promqltest notation.
 */

/** The schema of custom buckets (NHCB): `customValues` holds the upper bounds. */
export const CUSTOM_BUCKETS_SCHEMA = -53;
/** The exponential schemas Prometheus stores: bucket boundaries 2^(2^-schema) apart. */
export const MIN_EXPONENTIAL_SCHEMA = -4;
export const MAX_EXPONENTIAL_SCHEMA = 8;

/**
 * What the sample says about a counter reset since the previous one: `unknown` (cumulative data
 * from OTLP and scrapes: PromQL detects resets itself), `reset`, `not-reset`, or `gauge` (a
 * gauge histogram: no counter semantics; OTLP's delta temporality arrives as this).
 */
export type CounterResetHint = 'unknown' | 'reset' | 'not-reset' | 'gauge';

/** A run of `length` consecutive buckets, `offset` indexes after the previous run's end. */
export interface BucketSpan {
  offset: number;
  length: number;
}

export interface FloatHistogram {
  counterResetHint: CounterResetHint;
  /** -4 … 8 for exponential buckets; CUSTOM_BUCKETS_SCHEMA for custom ones. */
  schema: number;
  /** Observations with |v| <= zeroThreshold are counted in zeroCount (exponential schemas). */
  zeroThreshold: number;
  zeroCount: number;
  /** All observations, NaN ones included. */
  count: number;
  sum: number;
  /** Buckets above zero: the first span's offset is the index of its first bucket. */
  positiveSpans: BucketSpan[];
  positiveBuckets: number[];
  /** Buckets below zero, indexed by |v| as the positive ones (none for custom buckets). */
  negativeSpans: BucketSpan[];
  negativeBuckets: number[];
  /** Custom buckets' upper bounds, ascending (schema -53 only); +Inf is implicit. */
  customValues?: number[];
}
