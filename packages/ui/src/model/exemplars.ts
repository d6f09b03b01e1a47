/** One series' exemplars as /api/v1/query_exemplars answers them. */
export interface ExemplarSet {
  seriesLabels: Record<string, string>;
  exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
}

/** An exemplar placed over a plot, in pixels from the plotting area's top left corner. */
export interface ExemplarMarker {
  traceId: string;
  left: number;
  top: number;
  value: number;
  timestamp: number;
}

/** Beyond this many the dots only hide each other; the newest are kept. */
export const MAX_MARKERS = 500;

/** The trace an exemplar points to, under the label names SDKs and the Collector use. */
export function exemplarTraceId(labels: Record<string, string> | undefined): string | undefined {
  return labels?.trace_id ?? labels?.traceID ?? labels?.traceId;
}

/** Exemplars that carry a trace id and a finite value, oldest first. */
export function traceExemplars(
  sets: ExemplarSet[],
): { traceId: string; value: number; timestamp: number }[] {
  const out: { traceId: string; value: number; timestamp: number }[] = [];
  for (const set of sets) {
    for (const exemplar of set.exemplars ?? []) {
      const traceId = exemplarTraceId(exemplar.labels);
      const value = Number(exemplar.value);
      if (traceId && Number.isFinite(value)) {
        out.push({ traceId, value, timestamp: exemplar.timestamp });
      }
    }
  }
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * The markers that fall inside a plotting area of `width` × `height` pixels, given the plot's
 * value-to-pixel functions; at most MAX_MARKERS, the newest.
 */
export function placeExemplars(
  sets: ExemplarSet[],
  area: {
    width: number;
    height: number;
    left: (timestamp: number) => number;
    top: (value: number) => number;
  },
): ExemplarMarker[] {
  const markers: ExemplarMarker[] = [];
  for (const exemplar of traceExemplars(sets)) {
    const left = area.left(exemplar.timestamp);
    const top = area.top(exemplar.value);
    if (left >= 0 && left <= area.width && top >= 0 && top <= area.height) {
      markers.push({ ...exemplar, left, top });
    }
  }
  return markers.slice(-MAX_MARKERS);
}

/**
 * A y range that holds both the series' range and every exemplar's value, so no dot falls off
 * the graph (an exemplar of a latency histogram often lies above its p95 line).
 */
export function rangeWithExemplars(
  min: number | null,
  max: number | null,
  sets: ExemplarSet[],
): [number, number] | null {
  let lo = min ?? Number.POSITIVE_INFINITY;
  let hi = max ?? Number.NEGATIVE_INFINITY;
  for (const { value } of traceExemplars(sets)) {
    lo = Math.min(lo, value);
    hi = Math.max(hi, value);
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}
