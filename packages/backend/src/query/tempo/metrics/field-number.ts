import type { Field, FieldValue } from '@otel-lab/traceql';
import type { LabelValue } from './label-value.js';
import { log2Exponent } from './log2-buckets.js';

/** `duration` (and `span:duration`), which Tempo reads in seconds; other durations stay ns. */
export const isSpanDuration = (field: Field | undefined) =>
  field?.kind === 'intrinsic' && (field.name === 'duration' || field.name === 'span:duration');

/** An evaluated field as a series label (lists become their JSON text). */
export function labelOf(value: FieldValue): LabelValue {
  if (value.type === 'array') {
    return {
      type: 'string',
      value: JSON.stringify(value.values.map((v) => ('value' in v ? v.value : null))),
    };
  }
  return value;
}

/**
 * The number sum/min/max/avg_over_time read, as Tempo's FloatizeAttribute: ints and floats as
 * they are, durations in ns, except the span's duration in seconds; undefined for anything else
 * (the span is not counted).
 */
export function numberOf(field: Field, value: FieldValue): number | undefined {
  if (value.type === 'int' || value.type === 'float') return value.value;
  if (value.type === 'duration') {
    return isSpanDuration(field) ? Number(value.ns) / 1e9 : Number(value.ns);
  }
  return undefined;
}

/**
 * The log2 bucket bound a value falls in for quantile and histogram: durations in seconds
 * (2^ceil(log2 ns) / 1e9), ints as they are; undefined below 2 and for floats, which Tempo does
 * not bucket.
 */
export function bucketOf(value: FieldValue): number | undefined {
  if (value.type === 'duration') {
    const exponent = log2Exponent(Number(value.ns));
    return exponent === undefined ? undefined : 2 ** exponent / 1e9;
  }
  if (value.type === 'int') {
    const exponent = log2Exponent(value.value);
    return exponent === undefined ? undefined : 2 ** exponent;
  }
  return undefined;
}
