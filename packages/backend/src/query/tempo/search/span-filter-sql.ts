/**
 * A TraceQL span filter (`{ … }`'s expression) as a SQL condition over `spans s`: it holds for
 * every span the filter matches, and for others too unless `exact`. Comparisons of intrinsics and
 * span and resource attributes with statics are decided in SQL (intrinsic-sql.ts,
 * attribute-sql.ts); anything else (arithmetic, two fields, parent., event., link. attributes,
 * trace-level intrinsics) becomes TRUE and leaves the decision to the evaluator. Values are
 * bound parameters, never SQL text.
 */
import type { ComparisonOp, FieldExpr, Static } from '@otel-lab/traceql';
import type { SqlParams } from '../../sql-params.js';
import { attributeSql } from './attribute-sql.js';
import { intrinsicSql } from './intrinsic-sql.js';
import type { ResourceIds } from './resource-ids.js';

export interface SpanFilterSql {
  /** A condition over `spans s`; NULL counts as false (a `NOT` wraps it in coalesce). */
  sql: string;
  /** True when it holds for exactly the spans the filter matches: nothing to re-check. */
  exact: boolean;
}

const ANY: SpanFilterSql = { sql: 'TRUE', exact: false };
const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=', '=~', '!~']);

/** `3 < duration` reads as `duration > 3`; a regex needs its pattern on the right. */
const FLIPPED: ReadonlyMap<string, ComparisonOp> = new Map([
  ['=', '='],
  ['!=', '!='],
  ['<', '>'],
  ['<=', '>='],
  ['>', '<'],
  ['>=', '<='],
]);

function comparison(
  field: FieldExpr,
  op: ComparisonOp,
  value: Static,
  params: SqlParams,
  resources: ResourceIds | undefined,
): SpanFilterSql {
  // Parameters of a comparison that turns out undecidable are dropped again.
  const mark = params.values.length;
  const sql =
    field.kind === 'intrinsic'
      ? intrinsicSql(field.name, op, value, params)
      : field.kind === 'attribute'
        ? attributeSql(field, op, value, params, resources)
        : undefined;
  if (sql === undefined) {
    params.values.splice(mark);
    return ANY;
  }
  return { sql, exact: true };
}

function binary(
  expr: Extract<FieldExpr, { kind: 'binary' }>,
  params: SqlParams,
  resources: ResourceIds | undefined,
): SpanFilterSql {
  const { op, left, right } = expr;
  if (op === '&&' || op === '||') {
    const mark = params.values.length;
    const a = spanFilterSql(left, params, resources);
    const b = spanFilterSql(right, params, resources);
    const exact = a.exact && b.exact;
    if (op === '||' && ((!a.exact && a.sql === 'TRUE') || (!b.exact && b.sql === 'TRUE'))) {
      params.values.splice(mark);
      return ANY;
    }
    const joiner = op === '&&' ? 'AND' : 'OR';
    return { sql: `(${a.sql} ${joiner} ${b.sql})`, exact };
  }
  if (!COMPARISONS.has(op)) return ANY;
  const compare = op as ComparisonOp;
  if (right.kind === 'static' && left.kind !== 'static') {
    return comparison(left, compare, right, params, resources);
  }
  const flipped = FLIPPED.get(compare);
  if (left.kind === 'static' && right.kind !== 'static' && flipped) {
    return comparison(right, flipped, left, params, resources);
  }
  return ANY;
}

/**
 * The SQL condition of a span filter: a superset of its spans, exact when it says so. With
 * `resources` (resource-ids.ts), resource conditions become lists of resource ids.
 */
export function spanFilterSql(
  filter: FieldExpr,
  params: SqlParams,
  resources?: ResourceIds,
): SpanFilterSql {
  switch (filter.kind) {
    case 'static':
      // `{}` is `{ true }`; `{ false }` matches nothing.
      return filter.type === 'bool' ? { sql: filter.value ? 'TRUE' : 'FALSE', exact: true } : ANY;
    case 'binary':
      return binary(filter, params, resources);
    case 'unary': {
      if (filter.op !== '!') return ANY;
      const mark = params.values.length;
      const inner = spanFilterSql(filter.operand, params, resources);
      if (inner.exact) return { sql: `(NOT coalesce(${inner.sql}, false))`, exact: true };
      params.values.splice(mark);
      return ANY;
    }
    default:
      return ANY;
  }
}
