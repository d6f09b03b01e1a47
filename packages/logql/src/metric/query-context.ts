// The evaluation grid and limits of one metric query. Steps run from start to end inclusive, `step`
// apart, as Loki's step evaluators (no alignment of start to the step: Loki's frontend does not align
// by default either); an instant query is one step at its time. Inside the evaluator a point's time
// is its step index, so the PromQL package's series-wise code runs on an integer grid.
import type { StepRange } from '@otel-lab/promql';
import { MetricQueryError, resolutionError, samplesLimitError } from './metric-errors';

/** Loki's max_query_series default. */
export const DEFAULT_MAX_SERIES = 500;
/** Samples held at once: points in range windows plus evaluated points (our bound; Loki has none). */
export const DEFAULT_MAX_SAMPLES = 5_000_000;
/** Loki's HTTP layer's bound on points per series. */
export const MAX_STEPS = 11_000;
/** Sample times are kept as float64 nanoseconds from the query's first read: exact up to 2^53 ns. */
const MAX_SPAN_NS = 2n ** 53n;

export interface MetricLimits {
  /** Result series at most (Loki's max_query_series). */
  readonly maxSeries?: number;
  /** Samples held in memory at once. */
  readonly maxSamples?: number;
  readonly signal?: AbortSignal;
}

export interface QueryContext {
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly stepNs: bigint;
  readonly steps: number;
  /** The step grid in step indices, for the PromQL package's series-wise code. */
  readonly grid: StepRange;
  readonly maxSeries: number;
  readonly signal: AbortSignal | undefined;
  readonly budget: SampleBudget;
  readonly stats: { entriesRead: number; bytesRead: number; samples: number };
}

export function queryContext(
  startNs: bigint,
  endNs: bigint,
  stepNs: bigint,
  limits: MetricLimits,
): QueryContext {
  if (endNs < startNs)
    throw new MetricQueryError('execution', 'end timestamp must not be before start time');
  if (stepNs <= 0n) {
    throw new MetricQueryError(
      'execution',
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  }
  const stepsBig = (endNs - startNs) / stepNs + 1n;
  if (stepsBig > BigInt(MAX_STEPS)) throw resolutionError();
  const steps = Number(stepsBig);
  return {
    startNs,
    endNs,
    stepNs,
    steps,
    grid: { start: 0, end: steps - 1, interval: 1 },
    maxSeries: limits.maxSeries ?? DEFAULT_MAX_SERIES,
    signal: limits.signal,
    budget: new SampleBudget(limits.maxSamples ?? DEFAULT_MAX_SAMPLES),
    stats: { entriesRead: 0, bytesRead: 0, samples: 0 },
  };
}

/** The step's time in nanoseconds. */
export function stepTimeNs(ctx: QueryContext, step: number): bigint {
  return ctx.startNs + BigInt(step) * ctx.stepNs;
}

/** Loki reports a step's time in milliseconds, truncated. */
export function stepTimeMs(ctx: QueryContext, step: number): number {
  return Number(stepTimeNs(ctx, step) / 1_000_000n);
}

/** Refuses a read whose span would lose nanosecond precision as float64 offsets. */
export function checkSpan(fromNs: bigint, toNs: bigint): void {
  if (toNs - fromNs > MAX_SPAN_NS) {
    throw new MetricQueryError(
      'limit',
      'the query reads more than 104 days of logs (its range plus its range vectors and offsets); shorten it',
    );
  }
}

/** Counts samples held at once; taking past the limit fails the query. */
export class SampleBudget {
  private held = 0;
  constructor(readonly limit: number) {}

  take(n: number): void {
    this.held += n;
    if (this.held > this.limit) throw samplesLimitError(this.limit);
  }

  release(n: number): void {
    this.held -= n;
  }
}
