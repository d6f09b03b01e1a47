// Vector aggregations over every step, with the PromQL package's code where Loki's semantics agree:
// sum, avg, count, min, max (series-wise), stddev, stdvar, topk and bottomk (step-wise). Differences:
// - sum and avg: Prometheus adds with Kahan compensation, Loki plainly; results can differ in the last
//   bits of a float, never for the integer counts most log metrics are.
// - topk/bottomk: Loki keeps ties in map order (random), Prometheus (and we) in input order.
// - sort and sort_desc are Loki aggregations (with by/without: each group sorted, groups in order of
//   first appearance), not Prometheus's functions; NaN goes last either way, as in both.
import {
  type AggregateExpr,
  aggregateSeriesWise,
  aggregateStep,
  Grouper,
  type Matrix,
  rangeEval,
  type Sample,
  type Vector,
} from '@otel-lab/promql';
import type { VectorAggregationExpr } from '../ast';
import type { QueryContext } from './query-context';

export function aggregateVectors(
  expr: VectorAggregationExpr,
  input: Matrix,
  ctx: QueryContext,
): Matrix {
  // No grouping is `by ()`: one group.
  const grouping = expr.grouping?.labels ?? [];
  const without = expr.grouping?.without ?? false;
  const grouper = new Grouper(grouping, without);
  if (expr.op === 'sort' || expr.op === 'sort_desc') {
    const desc = expr.op === 'sort_desc';
    return rangeEval(ctx.grid, [input], ([v]) => sortStep(v as Vector, grouper, desc));
  }
  const promqlExpr: AggregateExpr = {
    kind: 'aggregate',
    op: expr.op,
    expr: { kind: 'number', value: 0 },
    param: undefined,
    grouping,
    without,
  };
  switch (expr.op) {
    case 'sum':
    case 'avg':
    case 'count':
    case 'min':
    case 'max':
      return aggregateSeriesWise(promqlExpr, input, grouper, ctx.grid);
    default:
      return rangeEval(ctx.grid, [input], ([v], t) =>
        aggregateStep(promqlExpr, v as Vector, expr.param ?? Number.NaN, grouper, t),
      );
  }
}

function sortStep(vec: Vector, grouper: Grouper, desc: boolean): Vector {
  const groups = new Map<string, Sample[]>();
  for (const s of vec) {
    const { key } = grouper.group(s.metric);
    let g = groups.get(key);
    if (!g) {
      g = [];
      groups.set(key, g);
    }
    g.push(s);
  }
  const order = (a: Sample, b: Sample) => {
    const an = Number.isNaN(a.f);
    const bn = Number.isNaN(b.f);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    const c = a.f < b.f ? -1 : a.f > b.f ? 1 : 0;
    return desc ? -c : c;
  };
  const out: Vector = [];
  for (const g of groups.values()) out.push(...g.sort(order));
  return out;
}
