// The errors a metric query ends with, worded as Loki words them. All are the query's fault (Loki
// answers them with 400), so the API can answer every MetricQueryError the same way.
import { type Labels, PromqlError } from '@otel-lab/promql';

export type MetricErrorKind = 'pipeline' | 'limit' | 'execution';

export class MetricQueryError extends Error {
  override readonly name = 'MetricQueryError';
  constructor(
    readonly kind: MetricErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Loki's PipelineError: a sample still carrying __error__ reached a step. */
export function pipelineError(metric: Labels): MetricQueryError {
  const kind = metric.find((l) => l.name === '__error__')?.value ?? '';
  return new MetricQueryError(
    'pipeline',
    `pipeline error: '${kind}' for series: '${formatMetric(metric)}'.\n` +
      `Use a label filter to intentionally skip this error. (e.g | __error__!="${kind}").\n` +
      'To skip all potential errors you can match empty errors.(e.g __error__="")\n' +
      'The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__="" )\n',
  );
}

/** Loki's series limit error (max_query_series, 500 by default). */
export function seriesLimitError(limit: number): MetricQueryError {
  return new MetricQueryError(
    'limit',
    `maximum number of series (${limit}) reached for a single query; consider reducing query cardinality by adding more specific stream selectors, reducing the time range, or aggregating results with functions like sum(), count() or topk()`,
  );
}

/** Loki's HTTP layer refuses more than 11,000 steps; the engine checks it too. */
export function resolutionError(): MetricQueryError {
  return new MetricQueryError(
    'limit',
    'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
  );
}

/** Our bound on what a query holds in memory at once (Loki has none; Prometheus words it so). */
export function samplesLimitError(limit: number): MetricQueryError {
  return new MetricQueryError(
    'limit',
    `query processing would load too many samples into memory (more than ${limit}); use a narrower selector, a shorter range or a larger step`,
  );
}

/** Errors from the PromQL building blocks (duplicate series, matching) keep their text. */
export function asMetricError(error: unknown): unknown {
  if (error instanceof PromqlError) {
    // Loki's text for many-to-many matching names no match group.
    const dup =
      /^found duplicate series for the match group .* on the (left|right) hand-side/s.exec(
        error.message,
      );
    if (dup) {
      return new MetricQueryError(
        'execution',
        `found duplicate series on the ${dup[1]} hand-side;many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    return new MetricQueryError('execution', error.message);
  }
  return error;
}

/** Prometheus's labels.String(): {a="b", c="d"}. */
export function formatMetric(metric: Labels): string {
  return `{${metric.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
}
