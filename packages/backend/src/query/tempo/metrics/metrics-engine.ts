import type { ReaderPool } from '../../../storage/reader-pool.js';
import { type CandidateTraces, candidateTraces } from './candidate-traces.js';
import { ExemplarPicker } from './exemplar-picker.js';
import { parseMetricsQuery } from './metrics-query.js';
import type { MetricsRequest } from './metrics-request.js';
import { SeriesAccumulator } from './series-accumulator.js';
import { tallyTrace } from './span-tally.js';
import { sqlExemplars } from './sql-exemplars.js';
import { planSqlMetrics, runSqlMetrics } from './sql-metrics.js';
import { intervalOf, type TimeGrid, timeGridOf } from './time-grid.js';
import { type MetricsResult, toSeries } from './to-series.js';

export interface MetricsAnswer {
  readonly result: MetricsResult;
  readonly grid: TimeGrid;
  /** Spans counted into the answer. */
  readonly inspectedSpans: number;
  /** Which path answered: SQL alone, or the evaluator over candidate traces. */
  readonly path: 'sql' | 'evaluator';
}

export interface MetricsSources {
  readonly pool: ReaderPool;
  readonly loadTraces: CandidateTraces;
  /** Forces the evaluating path (tests compare both paths on one store). */
  readonly evaluateOnly?: boolean;
  /** The evaluating path's span cap; MAX_EVALUATED_SPANS unless a test lowers it. */
  readonly maxEvaluatedSpans?: number;
}

/**
 * A TraceQL metrics request answered: in one GROUP BY when SQL decides it alone (sql-metrics.ts),
 * else by the evaluator over the candidate traces (span-tally.ts); both tally into the same
 * accumulator, so the series are built one way.
 */
export async function answerMetrics(
  sources: MetricsSources,
  request: MetricsRequest,
): Promise<MetricsAnswer> {
  const query = parseMetricsQuery(request.q);
  const grid = timeGridOf(request);
  const acc = new SeriesAccumulator(query, grid);
  const plan = sources.evaluateOnly ? undefined : planSqlMetrics(query, grid);
  let inspectedSpans = 0;
  if (plan) {
    const tallied = await runSqlMetrics(sources.pool, plan, acc);
    inspectedSpans = tallied.spans;
    if (request.exemplars > 0) {
      await sqlExemplars(sources.pool, acc, tallied.candidates, request.exemplars);
    }
  } else {
    const picker = request.exemplars > 0 ? new ExemplarPicker(grid, request.exemplars) : undefined;
    for await (const trace of candidateTraces(
      sources.pool,
      query.selection,
      grid,
      sources.loadTraces,
      sources.maxEvaluatedSpans,
    )) {
      inspectedSpans += tallyTrace(query.parsed, trace, acc, picker);
    }
  }
  const result = toSeries(acc, (exemplar) => intervalOf(grid, exemplar.timestampMs * 1_000_000n));
  return { result, grid, inspectedSpans, path: plan ? 'sql' : 'evaluator' };
}
