/**
 * One attribute value compared with a TraceQL static, as SQL over a JSON value. Span attributes
 * are stored compact (storage/compact-attributes.ts), resource attributes as OTLP/JSON: each form
 * says how to read a value's string, number and bool, and its array elements. The types follow
 * Tempo's: a comparison between different types is false (a string never equals an int, `!=`
 * included), ints and floats compare numerically, regexes match the whole string (Tempo's are
 * Prometheus's anchored matchers; DuckDB's regexp_full_match is RE2, like Go's), and an array
 * matches when an element does (`!=` and `!~`: when every element does).
 */
import type { ComparisonOp, Static } from '@otel-lab/traceql';
import type { SqlParams } from '../../sql-params.js';

/** How a stored JSON value reads as each TraceQL type; each is NULL when the value is another. */
export interface JsonValueForm {
  text(v: string): string;
  number(v: string): string;
  bool(v: string): string;
  isArray(v: string): string;
  /** The elements of an array value, as a list of JSON values of this same form. */
  elements(v: string): string;
}

/** The compact form: JSON's own strings, numbers and bools; {"i"}, {"d"}, {"b"} objects. */
export const COMPACT_FORM: JsonValueForm = {
  text: (v) => `CASE json_type(${v}) WHEN 'VARCHAR' THEN ${v}->>'$'
    WHEN 'OBJECT' THEN coalesce(${v}->>'b', (${v}->'m')::VARCHAR) END`,
  number: (v) => `CASE WHEN json_type(${v}) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN ${v}::DOUBLE
    WHEN json_type(${v}) = 'OBJECT' THEN TRY_CAST(coalesce(${v}->>'i', ${v}->>'d') AS DOUBLE) END`,
  bool: (v) => `CASE json_type(${v}) WHEN 'BOOLEAN' THEN ${v}::BOOLEAN END`,
  isArray: (v) => `json_type(${v}) = 'ARRAY'`,
  elements: (v) => `json_extract(${v}, '$[*]')`,
};

/** OTLP/JSON's AnyValue: {"stringValue"}, {"intValue"}, {"doubleValue"}, {"arrayValue"}… */
export const OTLP_FORM: JsonValueForm = {
  text: (v) => `coalesce(${v}->>'stringValue', ${v}->>'bytesValue')`,
  number: (v) =>
    `coalesce(TRY_CAST(${v}->>'intValue' AS DOUBLE), TRY_CAST(${v}->>'doubleValue' AS DOUBLE))`,
  bool: (v) => `TRY_CAST(${v}->>'boolValue' AS BOOLEAN)`,
  isArray: (v) => `(${v}->'arrayValue') IS NOT NULL`,
  elements: (v) => `json_extract(${v}, '$.arrayValue.values[*]')`,
};

const SQL_OPS: ReadonlyMap<ComparisonOp, string> = new Map([
  ['=', '='],
  ['!=', '<>'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
]);

/** `a op b` for ordered types; `=~`/`!~` as whole-string RE2 matches (strings only). */
export function comparisonSql(op: ComparisonOp, left: string, right: string): string | undefined {
  // 's': `.` matches a newline too, as in Tempo's (Prometheus's) matchers.
  if (op === '=~') return `regexp_full_match(${left}, ${right}, 's')`;
  if (op === '!~') return `NOT regexp_full_match(${left}, ${right}, 's')`;
  const sqlOp = SQL_OPS.get(op);
  return sqlOp === undefined ? undefined : `${left} ${sqlOp} ${right}`;
}

/**
 * A scalar value `v` against `value`: NULL or false when it does not match; undefined when the
 * static's type is one this reader leaves to the evaluator (durations, status, kind, nil).
 */
function scalarSql(
  form: JsonValueForm,
  v: string,
  op: ComparisonOp,
  value: Static,
  params: SqlParams,
): string | undefined {
  switch (value.type) {
    case 'string':
      return comparisonSql(op, form.text(v), params.add(value.value));
    case 'int':
    case 'float':
      if (op === '=~' || op === '!~') return 'FALSE';
      return comparisonSql(op, form.number(v), params.add(value.value));
    case 'bool':
      if (op !== '=' && op !== '!=') return 'FALSE';
      return comparisonSql(op, form.bool(v), params.add(value.value));
    default:
      return undefined;
  }
}

/**
 * The whole comparison of the value `v` (absent: SQL NULL) with `value`, never NULL; undefined
 * when it cannot be decided in SQL.
 */
export function valueSql(
  form: JsonValueForm,
  v: string,
  op: ComparisonOp,
  value: Static,
  params: SqlParams,
): string | undefined {
  const scalar = scalarSql(form, v, op, value, params);
  if (scalar === undefined) return undefined;
  if (scalar === 'FALSE') return scalar;
  const element = scalarSql(form, 'e', op, value, params) as string;
  const elements = `list_transform(${form.elements(v)}, lambda e: coalesce(${element}, false))`;
  const array =
    op === '!=' || op === '!~'
      ? `coalesce(list_bool_and(${elements}), true)`
      : `coalesce(list_bool_or(${elements}), false)`;
  return `coalesce(CASE WHEN ${form.isArray(v)} THEN ${array} ELSE ${scalar} END, false)`;
}
