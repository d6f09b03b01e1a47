import { MAX_TAG_WINDOW_NS } from '../tag-params.js';

/**
 * The limits of TraceQL metrics requests (README, Limits). The range is Tempo's default search
 * `max_duration`, as the tag endpoints read; the points cap is Prometheus's (Tempo sets none, but
 * a 1 s step over a week would be 600k points per series); the series cap answers a partial
 * response as Tempo's `max_response_series` does; the exemplar cap is Tempo's default.
 */
export const MAX_METRICS_RANGE_NS = MAX_TAG_WINDOW_NS;
export const MAX_POINTS_PER_SERIES = 11_000;
export const MAX_RESPONSE_SERIES = 1_000;
export const MAX_EXEMPLARS = 100;
/**
 * What the evaluating path (structural queries, pipelines, filters SQL cannot decide) may load:
 * the spans of the candidate traces. Past it the request is refused, as reading more would hold
 * too much in memory.
 */
export const MAX_EVALUATED_SPANS = 200_000;
