/**
 * TraceQL's span intrinsics as conditions on the columns of `spans`: name, statusMessage,
 * status, kind, duration, span:id and trace:id. Trace-level intrinsics (traceDuration, rootName,
 * rootServiceName), events, links and the rest are left to the evaluator (undefined here).
 */
import type { ComparisonOp, Static } from '@otel-lab/traceql';
import { SPAN_KIND_NUMBERS } from '../../../storage/stored-sql.js';
import { int64, type SqlParams } from '../../sql-params.js';
import { comparisonSql } from './value-sql.js';

const STATUS_CODES: ReadonlyMap<string, number> = new Map([
  ['unset', 0],
  ['ok', 1],
  ['error', 2],
]);

type IntrinsicSql = (op: ComparisonOp, value: Static, params: SqlParams) => string | undefined;

const textColumn =
  (column: string): IntrinsicSql =>
  (op, value, params) =>
    value.type === 'string' ? comparisonSql(op, column, params.add(value.value)) : undefined;

/** `status = error`, `kind != server`: = and != on the enum's stored number. */
const enumColumn =
  (column: string, type: 'status' | 'kind', numbers: ReadonlyMap<string, number>): IntrinsicSql =>
  (op, value) => {
    if (value.type !== type || (op !== '=' && op !== '!=')) return undefined;
    const number = numbers.get(value.value);
    return number === undefined ? undefined : comparisonSql(op, column, String(Math.trunc(number)));
  };

function duration(op: ComparisonOp, value: Static, params: SqlParams): string | undefined {
  if (op === '=~' || op === '!~') return undefined;
  if (value.type === 'duration')
    return comparisonSql(op, 's.duration_ns', params.add(int64(value.ns)));
  if (value.type === 'int' || value.type === 'float') {
    return comparisonSql(op, 's.duration_ns::DOUBLE', params.add(value.value));
  }
  return undefined;
}

/**
 * `span:id = "…"`, `trace:id != "…"`: ids are stored as integers; the evaluator reads them as
 * lowercase hex, so any other text equals no id. The literal is the parsed number, never text.
 */
const idColumn =
  (column: string, digits: number, type: string): IntrinsicSql =>
  (op, value) => {
    if (value.type !== 'string' || (op !== '=' && op !== '!=')) return undefined;
    if (!new RegExp(`^[0-9a-f]{${digits}}$`).test(value.value)) {
      return op === '=' ? 'FALSE' : 'TRUE';
    }
    return comparisonSql(op, column, `${BigInt(`0x${value.value}`)}::${type}`);
  };

const INTRINSICS: ReadonlyMap<string, IntrinsicSql> = new Map([
  ['name', textColumn('s.name')],
  ['statusMessage', textColumn('s.status_message')],
  ['status', enumColumn('s.status_code', 'status', STATUS_CODES)],
  ['kind', enumColumn('s.kind', 'kind', SPAN_KIND_NUMBERS)],
  ['duration', duration],
  ['id', idColumn('s.span_id', 16, 'UBIGINT')],
  ['trace:id', idColumn('s.trace_id', 32, 'UHUGEINT')],
]);

/**
 * The condition for `intrinsic op value` (a bare column comparison, which DuckDB filters in its
 * scan; the columns are never NULL); undefined when not decided in SQL.
 */
export function intrinsicSql(
  name: string,
  op: ComparisonOp,
  value: Static,
  params: SqlParams,
): string | undefined {
  const plain = name.startsWith('span:') ? name.slice('span:'.length) : name;
  return INTRINSICS.get(plain)?.(op, value, params);
}
