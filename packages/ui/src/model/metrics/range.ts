import type { MetricsState, RangeName } from './url-state.js';

const RANGE_SECONDS: Record<RangeName, number> = {
  '5m': 300,
  '15m': 900,
  '1h': 3600,
  '6h': 21_600,
  '24h': 86_400,
};

export const rangeSeconds = (range: RangeName): number => RANGE_SECONDS[range];

/** About 250 points over the range, as Prometheus's graph picks, never under a second. */
export function autoStep(seconds: number): number {
  return Math.max(1, Math.round(seconds / 250));
}

export interface RangeQuery {
  start: number;
  end: number;
  step: number;
}

/**
 * The query_range window ending now (whole seconds, as Prometheus's graph does): aligning the end
 * down to the step would hide the newest samples, up to a step's worth.
 */
export function rangeQuery(state: Pick<MetricsState, 'range' | 'step'>, nowMs: number): RangeQuery {
  const seconds = rangeSeconds(state.range);
  const step = state.step ?? autoStep(seconds);
  const end = Math.round(nowMs / 1000);
  return { start: end - seconds, end, step };
}

export function rangeQueryParams(query: string, range: RangeQuery): URLSearchParams {
  return new URLSearchParams({
    query,
    start: String(range.start),
    end: String(range.end),
    step: String(range.step),
  });
}
