// Evaluates a metric expression over the whole step grid, node by node: a number (a literal, or
// literals folded as Loki folds them at parse time) or series with one point per step where they have
// a value. Each range aggregation reads the storage once.
import { labelReplace, type Matrix } from '@otel-lab/promql';
import type { MetricExpr } from '../ast';
import type { LogStorage } from '../storage';
import { numberOp, seriesNumberOp, seriesSeriesOp } from './binary-operation';
import { asMetricError, MetricQueryError } from './metric-errors';
import type { QueryContext } from './query-context';
import { evaluateRangeAggregation } from './range-aggregation';
import { groupingPushdownOps } from './sample-extractor';
import { aggregateVectors } from './vector-aggregation';

export type NodeValue = number | Matrix;

/** `seriesCap`: the result's series limit, checked early when expr is the query's root. */
export async function evaluateNode(
  expr: MetricExpr,
  storage: LogStorage,
  ctx: QueryContext,
  seriesCap?: number,
): Promise<NodeValue> {
  ctx.signal?.throwIfAborted();
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'vector':
      return vectorSeries(expr.value, ctx);
    case 'rangeAggregation':
      return evaluateRangeAggregation(expr, storage, ctx, undefined, seriesCap);
    case 'vectorAggregation': {
      const inner = expr.expr;
      // A sum over a count/rate/bytes/sum range aggregation without grouping reduces labels at the
      // source (Loki does the same): same result, fewer series held.
      const input =
        expr.op === 'sum' &&
        inner.kind === 'rangeAggregation' &&
        inner.grouping === undefined &&
        groupingPushdownOps.has(inner.op)
          ? await evaluateRangeAggregation(
              inner,
              storage,
              ctx,
              expr.grouping ?? { without: false, labels: [] },
              // Its series are the sum's groups, so the result's limit applies as they appear.
              seriesCap,
            )
          : series(await evaluateNode(inner, storage, ctx), expr.op);
      return aggregateVectors(expr, input, ctx);
    }
    case 'binary': {
      const lhs = await evaluateNode(expr.lhs, storage, ctx);
      const rhs = await evaluateNode(expr.rhs, storage, ctx);
      if (typeof lhs === 'number' && typeof rhs === 'number') return numberOp(expr.op, lhs, rhs);
      if (typeof lhs === 'number') return seriesNumberOp(expr, rhs as Matrix, lhs, true, ctx);
      if (typeof rhs === 'number') return seriesNumberOp(expr, lhs, rhs, false, ctx);
      return seriesSeriesOp(expr, lhs, rhs, ctx);
    }
    case 'labelReplace': {
      const input = series(await evaluateNode(expr.expr, storage, ctx), 'label_replace');
      // Loki's label_replace leaves two series that end up with the same labels side by side;
      // Prometheus's (ours) merges them and fails when they have a point at the same step.
      try {
        return labelReplace(input, expr.dst, expr.replacement, expr.src, expr.regex);
      } catch (error) {
        throw asMetricError(error);
      }
    }
  }
}

/** vector(x): one series without labels, at every step. */
function vectorSeries(value: number, ctx: QueryContext): Matrix {
  const ts: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < ctx.steps; i++) {
    ts.push(i);
    vs.push(value);
  }
  ctx.budget.take(ctx.steps);
  return [{ metric: [], ts, vs, dropName: false }];
}

function series(value: NodeValue, op: string): Matrix {
  if (typeof value === 'number') {
    throw new MetricQueryError('execution', `${op} takes a series, not the number ${value}`);
  }
  return value;
}
