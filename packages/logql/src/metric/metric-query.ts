// The metric half's public face: an instant query gives a scalar or a vector, a range query a
// matrix, as Loki's engine answers them. Result series are capped (Loki's max_query_series); an
// instant vector is sorted by labels unless the query sorts it (sort/sort_desc), a matrix always.
import { compareLabels, type Labels, type Matrix } from '@otel-lab/promql';
import type { MetricExpr } from '../ast';
import type { LogStorage } from '../storage';
import { evaluateNode } from './evaluate-node';
import { seriesLimitError } from './metric-errors';
import { type MetricLimits, type QueryContext, queryContext, stepTimeMs } from './query-context';

export interface MetricStats {
  /** Entries read from the storage and run through a pipeline. */
  readonly entriesRead: number;
  readonly bytesRead: number;
  /** Samples the pipelines extracted. */
  readonly samples: number;
}

export interface InstantSample {
  readonly labels: Labels;
  readonly timestampMs: number;
  readonly value: number;
}

export interface SeriesPoints {
  readonly labels: Labels;
  readonly timestampsMs: readonly number[];
  readonly values: readonly number[];
}

export type InstantResult =
  | {
      readonly resultType: 'scalar';
      readonly timestampMs: number;
      readonly value: number;
      readonly stats: MetricStats;
    }
  | {
      readonly resultType: 'vector';
      readonly samples: readonly InstantSample[];
      readonly stats: MetricStats;
    };

export interface RangeResult {
  readonly resultType: 'matrix';
  readonly series: readonly SeriesPoints[];
  readonly stats: MetricStats;
}

export interface InstantQueryOptions extends MetricLimits {
  /** Nanoseconds since the epoch. */
  readonly timeNs: bigint;
}

export interface RangeQueryOptions extends MetricLimits {
  /** Nanoseconds since the epoch; steps run from start to end inclusive. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly stepNs: bigint;
  /**
   * Round start down and end up to multiples of the step (default true), as Loki's query frontend
   * does when it splits a metric query by time (its default), so panels over moving ranges keep
   * their points on the same grid.
   */
  readonly alignToStep?: boolean;
}

export async function evaluateInstantQuery(
  expr: MetricExpr,
  storage: LogStorage,
  options: InstantQueryOptions,
): Promise<InstantResult> {
  const ctx = queryContext(options.timeNs, options.timeNs, 1n, options);
  const value = await evaluateNode(expr, storage, ctx, ctx.maxSeries);
  const timestampMs = stepTimeMs(ctx, 0);
  if (typeof value === 'number') {
    return { resultType: 'scalar', timestampMs, value, stats: { ...ctx.stats } };
  }
  const samples: InstantSample[] = [];
  for (const s of value) {
    if (s.ts.length === 0) continue;
    samples.push({ labels: s.metric, timestampMs, value: s.vs[0] as number });
  }
  if (samples.length > ctx.maxSeries) throw seriesLimitError(ctx.maxSeries);
  if (!sorts(expr)) samples.sort((a, b) => compareLabels(a.labels, b.labels));
  return { resultType: 'vector', samples, stats: { ...ctx.stats } };
}

export async function evaluateRangeQuery(
  expr: MetricExpr,
  storage: LogStorage,
  options: RangeQueryOptions,
): Promise<RangeResult> {
  const [startNs, endNs] =
    options.alignToStep === false || options.stepNs <= 0n
      ? [options.startNs, options.endNs]
      : alignToStep(options.startNs, options.endNs, options.stepNs);
  const ctx = queryContext(startNs, endNs, options.stepNs, options);
  const value = await evaluateNode(expr, storage, ctx, ctx.maxSeries);
  // A number is drawn as one series without labels, at every step (Loki's PopulateMatrixFromScalar).
  const matrix: Matrix =
    typeof value === 'number'
      ? [{ metric: [], ts: steps(ctx), vs: steps(ctx).map(() => value), dropName: false }]
      : value;
  const nonEmpty = matrix.filter((s) => s.ts.length > 0);
  if (nonEmpty.length > ctx.maxSeries) throw seriesLimitError(ctx.maxSeries);
  nonEmpty.sort((a, b) => compareLabels(a.metric, b.metric));
  const times = steps(ctx).map((i) => stepTimeMs(ctx, i));
  return {
    resultType: 'matrix',
    series: nonEmpty.map((s) => ({
      labels: s.metric,
      timestampsMs: s.ts.map((i) => times[i] as number),
      values: s.vs,
    })),
    stats: { ...ctx.stats },
  };
}

/** Loki's metricQuerySplitter.alignStartEnd (Go's truncating remainder, as bigint's). */
function alignToStep(startNs: bigint, endNs: bigint, stepNs: bigint): [bigint, bigint] {
  const mod = endNs % stepNs;
  return [startNs - (startNs % stepNs), mod === 0n ? endNs : endNs + stepNs - mod];
}

function steps(ctx: QueryContext): number[] {
  return Array.from({ length: ctx.steps }, (_, i) => i);
}

/** Loki's Sortable: a sort or sort_desc anywhere keeps the vector's order. */
function sorts(expr: MetricExpr): boolean {
  switch (expr.kind) {
    case 'vectorAggregation':
      return expr.op === 'sort' || expr.op === 'sort_desc' || sorts(expr.expr);
    case 'binary':
      return sorts(expr.lhs) || sorts(expr.rhs);
    case 'labelReplace':
      return sorts(expr.expr);
    default:
      return false;
  }
}
