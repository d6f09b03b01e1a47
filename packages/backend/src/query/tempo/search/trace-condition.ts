/**
 * What SQL can tell about the traces a TraceQL search query may match, before the evaluator
 * reads any of them: a condition on spans that every matching trace has a span for (`driver`,
 * which finds candidates newest first), and a condition on a trace's spans grouped together
 * (`having`, aggregates over `spans s`) that every matching trace meets. Both are supersets;
 * the evaluator decides.
 */
import type { ComparisonOp, Expr, FieldExpr, SpansetOp } from '@otel-lab/traceql';
import { int64, type SqlParams } from '../../sql-params.js';
import type { ResourceIds } from './resource-ids.js';
import { spanFilterSql } from './span-filter-sql.js';
import { comparisonSql } from './value-sql.js';

export interface TraceCondition {
  /** A condition over `spans s`: every matching trace has a span that meets it. */
  driver: string;
  /** A condition over the spans of one trace, for GROUP BY trace_id … HAVING. */
  having: string;
  /** True when `having` says no more than that a span meets `driver`: no need to check it. */
  implied: boolean;
}

const ANY: TraceCondition = { driver: 'TRUE', having: 'TRUE', implied: true };

/** Operators whose result needs a span from each side: `&&`, structural ones and unions. */
const BOTH: ReadonlySet<SpansetOp> = new Set([
  '&&',
  '>',
  '>>',
  '<',
  '<<',
  '~',
  '&>',
  '&>>',
  '&<',
  '&<<',
  '&~',
]);
/** Negated structural operators: their spans come from the right side alone. */
const RIGHT: ReadonlySet<SpansetOp> = new Set(['!>', '!>>', '!<', '!<<', '!~']);

function both(left: TraceCondition, right: TraceCondition): TraceCondition {
  // Candidates are found by one side: the right (in `a >> b`, the spans asked for).
  const driver = right.driver !== 'TRUE' ? right.driver : left.driver;
  return { driver, having: `(${left.having} AND ${right.having})`, implied: false };
}

function either(left: TraceCondition, right: TraceCondition): TraceCondition {
  if (left.driver === 'TRUE' || right.driver === 'TRUE') {
    return { ...ANY, having: `(${left.having} OR ${right.having})`, implied: false };
  }
  return {
    driver: `(${left.driver} OR ${right.driver})`,
    having: `(${left.having} OR ${right.having})`,
    implied: left.implied && right.implied,
  };
}

/**
 * `{ f } | count() op n` with an exactly pushed f: each trace has one span set, the spans that
 * match f, so the count is a HAVING condition.
 */
function countFilter(
  stages: readonly Expr[],
  params: SqlParams,
  resources: ResourceIds | undefined,
): string | undefined {
  const [first, second] = stages;
  if (first?.kind !== 'spansetFilter' || second?.kind !== 'scalarFilter') return undefined;
  const { left, right, op } = second;
  if (left.kind !== 'aggregate' || left.fn !== 'count' || right.kind !== 'static') return undefined;
  if (right.type !== 'int' && right.type !== 'float') return undefined;
  const mark = params.values.length;
  const filter = spanFilterSql(first.filter, params, resources);
  if (!filter.exact) {
    params.values.splice(mark);
    return undefined;
  }
  return comparisonSql(op as ComparisonOp, `count_if(${filter.sql})`, params.add(right.value));
}

const TRACE_DURATION = '(max(s.start_ns + s.duration_ns) - min(s.start_ns))';
const ORDERED: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=']);
const MIRRORED: Readonly<Record<string, ComparisonOp>> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** `traceDuration op 5s` (either way round) as a HAVING condition, else undefined. */
function traceDurationSql(expr: FieldExpr, params: SqlParams): string | undefined {
  if (expr.kind !== 'binary' || !ORDERED.has(expr.op)) return undefined;
  const isField = (e: FieldExpr) =>
    e.kind === 'intrinsic' && (e.name === 'traceDuration' || e.name === 'trace:duration');
  const [value, op] = isField(expr.left)
    ? [expr.right, expr.op as ComparisonOp]
    : isField(expr.right)
      ? [expr.left, MIRRORED[expr.op] ?? (expr.op as ComparisonOp)]
      : [undefined, undefined];
  if (value?.kind !== 'static' || value.type !== 'duration' || op === undefined) return undefined;
  return comparisonSql(op, TRACE_DURATION, params.add(int64(value.ns)));
}

/** The conjuncts of a filter's top-level `&&`s. */
const conjuncts = (expr: FieldExpr): FieldExpr[] =>
  expr.kind === 'binary' && expr.op === '&&'
    ? [...conjuncts(expr.left), ...conjuncts(expr.right)]
    : [expr];

/**
 * A filter: its span conditions drive, and a `traceDuration` bound among its `&&`s is checked on
 * the whole trace (the older search's minDuration and maxDuration come this way).
 */
function filterCondition(
  filter: FieldExpr,
  params: SqlParams,
  resources: ResourceIds | undefined,
): TraceCondition {
  const parts = conjuncts(filter);
  const durations = parts.map((part) => traceDurationSql(part, params));
  const spanParts = parts.filter((_part, i) => durations[i] === undefined);
  const { sql } =
    spanParts.length === 0
      ? { sql: 'TRUE' }
      : spanFilterSql(
          spanParts.reduce((left, right) => ({ kind: 'binary', op: '&&', left, right })),
          params,
          resources,
        );
  const bounds = durations.filter((d): d is string => d !== undefined);
  const having = [`bool_or(${sql})`, ...bounds].join(' AND ');
  return {
    driver: sql,
    having: bounds.length > 0 ? `(${having})` : having,
    implied: bounds.length === 0,
  };
}

/**
 * The trace condition of a search query's expression (metrics queries are refused before);
 * `resources` as spanFilterSql takes it.
 */
export function traceCondition(
  expr: Expr,
  params: SqlParams,
  resources?: ResourceIds,
): TraceCondition {
  switch (expr.kind) {
    case 'spansetFilter':
      return filterCondition(expr.filter, params, resources);
    case 'spansetOperation': {
      if (RIGHT.has(expr.op)) return traceCondition(expr.right, params, resources);
      const left = traceCondition(expr.left, params, resources);
      const right = traceCondition(expr.right, params, resources);
      if (expr.op === '||') return either(left, right);
      return BOTH.has(expr.op) ? both(left, right) : ANY;
    }
    case 'pipeline': {
      const [first] = expr.stages;
      if (first === undefined) return ANY;
      const condition = traceCondition(first, params, resources);
      const count = countFilter(expr.stages, params, resources);
      if (count === undefined) return condition;
      return {
        driver: condition.driver,
        having: `(${condition.having} AND ${count})`,
        implied: false,
      };
    }
    default:
      return ANY;
  }
}
