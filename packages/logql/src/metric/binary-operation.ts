// Binary operators between series and numbers with the PromQL package's matching code (on/ignoring,
// group_left/group_right, bool, and/or/unless), which Loki's agrees with. Loki's differences:
// - x / 0 and x % 0 are NaN (Prometheus: ±Inf for /): the divisor's zeros become NaN first;
// - a comparison between two numbers is 1 or 0 without `bool` (Loki folds `2 > 1` to 1 at parse time);
// - Loki series have no __name__, so Prometheus's dropping of it changes nothing here.
import {
  type Matrix,
  type ResultMetricCache,
  rangeEval,
  scalarOp,
  setOperationSeries,
  signatureFunction,
  type Vector,
  type VectorMatching,
  vectorBinop,
  vectorScalarSeries,
  vectorVectorSeries,
} from '@otel-lab/promql';
import type { BinaryExpr, BinaryOp } from '../ast';
import { asMetricError } from './metric-errors';
import type { QueryContext } from './query-context';

/** Two numbers: Loki's reduceBinOp. */
export function numberOp(op: BinaryOp, l: number, r: number): number {
  if ((op === '/' || op === '%') && r === 0) return Number.NaN;
  return scalarOp(op, l, r);
}

/** Series with a number on one side (`numberLeft`: `2 * rate(...)`). */
export function seriesNumberOp(
  expr: BinaryExpr,
  series: Matrix,
  value: number,
  numberLeft: boolean,
  ctx: QueryContext,
): Matrix {
  const divides = expr.op === '/' || expr.op === '%';
  let v = value;
  let m = series;
  if (divides && !numberLeft && v === 0) v = Number.NaN;
  if (divides && numberLeft) m = zerosToNaN(m);
  const scalar = new Float64Array(ctx.steps).fill(v);
  return vectorScalarSeries(expr.op, m, scalar, ctx.grid, numberLeft, expr.modifier.returnBool);
}

export function seriesSeriesOp(
  expr: BinaryExpr,
  lhs: Matrix,
  rhs: Matrix,
  ctx: QueryContext,
): Matrix {
  const { op, modifier } = expr;
  const group = modifier.group;
  const matching: VectorMatching = {
    card: group ? (group.side === 'left' ? 'many-to-one' : 'one-to-many') : 'one-to-one',
    labels: modifier.matching?.labels ?? [],
    on: modifier.matching?.on ?? false,
    include: group?.include ?? [],
  };
  const sig = signatureFunction(matching);
  if (op === 'and' || op === 'or' || op === 'unless') {
    return setOperationSeries(op, lhs, rhs, sig, ctx.grid, ctx.steps);
  }
  const right = op === '/' || op === '%' ? zerosToNaN(rhs) : rhs;
  try {
    const fast = vectorVectorSeries(op, lhs, right, matching, modifier.returnBool, sig);
    if (fast) return fast;
    const cache: ResultMetricCache = new Map();
    return rangeEval(ctx.grid, [lhs, right], ([l, r]) =>
      vectorBinop(op, l as Vector, r as Vector, matching, modifier.returnBool, sig, cache),
    );
  } catch (error) {
    throw asMetricError(error);
  }
}

function zerosToNaN(m: Matrix): Matrix {
  return m.map((s) =>
    s.vs.includes(0) ? { ...s, vs: s.vs.map((v) => (v === 0 ? Number.NaN : v)) } : s,
  );
}
