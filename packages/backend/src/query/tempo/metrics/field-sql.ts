import type { Field } from '@otel-lab/traceql';
import { jsonPointer } from '../../../storage/compact-attributes.js';
import type { SqlParams } from '../../sql-params.js';
import { isSpanDuration } from './field-number.js';

/** The value a metrics function reads, in SQL over `spans s`. */
export interface FieldSql {
  /** The number (a DOUBLE), as Tempo's FloatizeAttribute reads it; NULL when it has none. */
  readonly value: string;
  /** Which spans count: those with a number, or for buckets those that can be bucketed. */
  readonly keep: string;
  /** What the log2 bucket is taken of (an integer ≥ 2 where `keep` holds). */
  readonly bucketOf: string;
  /** Whether bucket bounds are seconds (durations) rather than the value's own unit. */
  readonly seconds: boolean;
}

/**
 * The function's field in SQL, or undefined when only the evaluator can read it. The span's
 * duration is a column; a span attribute is read from the compact JSON (compact-attributes.ts):
 * JSON numbers and {"i"} ints, {"d"} doubles. Buckets take ints only, as Tempo's do.
 */
export function fieldSql(
  field: Field | undefined,
  bucketed: boolean,
  params: SqlParams,
): FieldSql | undefined {
  if (field === undefined) return { value: 'NULL', keep: 'TRUE', bucketOf: 'NULL', seconds: false };
  if (isSpanDuration(field)) {
    return {
      value: 's.duration_ns / 1e9',
      keep: bucketed ? 's.duration_ns >= 2' : 'TRUE',
      bucketOf: 's.duration_ns',
      seconds: true,
    };
  }
  if (field.kind !== 'attribute' || field.scope !== 'span' || field.parent) return undefined;
  const p = params.add(jsonPointer(field.name));
  const type = `json_type(s.attributes, ${p})`;
  const value = `(CASE WHEN ${type} IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN (s.attributes->>${p})::DOUBLE
    WHEN ${type} = 'OBJECT' THEN TRY_CAST(coalesce(s.attributes->${p}->>'i', s.attributes->${p}->>'d') AS DOUBLE) END)`;
  const isInt = `(${type} IN ('BIGINT', 'UBIGINT') OR (s.attributes->${p}->>'i') IS NOT NULL)`;
  return {
    value,
    keep: bucketed
      ? `(${isInt} AND ${value} >= 2)`
      : `(${value} IS NOT NULL AND NOT isnan(${value}))`,
    bucketOf: value,
    seconds: false,
  };
}
