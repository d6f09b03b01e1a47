/**
 * What SQL can tell about the traces a TraceQL search query may match, before the evaluator
 * reads any of them: a condition on spans that every matching trace has a span for (`driver`,
 * which finds candidates newest first), and a condition on a trace's spans grouped together
 * (`having`, aggregates over `spans s`) that every matching trace meets. Both are supersets;
 * the evaluator decides.
 */
import type { ComparisonOp, Expr, SpansetOp } from '@otel-lab/traceql';
import type { SqlParams } from '../../sql-params.js';
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
    case 'spansetFilter': {
      const { sql } = spanFilterSql(expr.filter, params, resources);
      return { driver: sql, having: `bool_or(${sql})`, implied: true };
    }
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
