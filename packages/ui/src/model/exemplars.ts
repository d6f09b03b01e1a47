/** One series' exemplars as /api/v1/query_exemplars answers them. */
export interface ExemplarSet {
  seriesLabels: Record<string, string>;
  exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
}

/** An exemplar placed over a plot, in pixels from the plotting area's top left corner. */
export interface ExemplarMarker extends TraceExemplar {
  left: number;
  top: number;
}

/** Most dots drawn; beyond it an even spread over time is kept. */
export const MAX_MARKERS = 1000;
/** Dots closer than this (pixels, both ways) would cover each other: only the newest is drawn. */
export const MARKER_CELL_PX = 8;

/** The trace an exemplar points to, under the label names SDKs and the Collector use. */
export function exemplarTraceId(labels: Record<string, string> | undefined): string | undefined {
  return labels?.trace_id ?? labels?.traceID ?? labels?.traceId;
}

/** An exemplar that opens a trace, with the series it was recorded on. */
export interface TraceExemplar {
  traceId: string;
  value: number;
  timestamp: number;
  series: Record<string, string>;
}

/** Exemplars that carry a trace id and a finite value, oldest first. */
export function traceExemplars(sets: ExemplarSet[]): TraceExemplar[] {
  const out: TraceExemplar[] = [];
  for (const set of sets) {
    for (const exemplar of set.exemplars ?? []) {
      const traceId = exemplarTraceId(exemplar.labels);
      const value = Number(exemplar.value);
      if (traceId && Number.isFinite(value)) {
        out.push({ traceId, value, timestamp: exemplar.timestamp, series: set.seriesLabels });
      }
    }
  }
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

/** The `count` exemplars of highest value (the slowest, for a latency), newest first on a tie. */
export function topExemplars(exemplars: readonly TraceExemplar[], count: number): TraceExemplar[] {
  return [...exemplars]
    .sort((a, b) => b.value - a.value || b.timestamp - a.timestamp)
    .slice(0, count);
}

/**
 * The markers that fall inside a plotting area of `width` × `height` pixels, given the plot's
 * value-to-pixel functions. A dot that another would cover entirely is left out (the newest of
 * them stays), so outliers survive however dense the rest is; past MAX_MARKERS, an even spread
 * over time is kept.
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
  const byCell = new Map<string, ExemplarMarker>();
  for (const exemplar of traceExemplars(sets)) {
    const left = area.left(exemplar.timestamp);
    const top = area.top(exemplar.value);
    if (!(left >= 0 && left <= area.width && top >= 0 && top <= area.height)) continue;
    const cell = `${Math.round(left / MARKER_CELL_PX)},${Math.round(top / MARKER_CELL_PX)}`;
    byCell.delete(cell); // Re-inserted last, so the map stays in time order.
    byCell.set(cell, { ...exemplar, left, top });
  }
  const markers = [...byCell.values()].sort((a, b) => a.timestamp - b.timestamp);
  if (markers.length <= MAX_MARKERS) return markers;
  return Array.from(
    { length: MAX_MARKERS },
    (_, i) => markers[Math.floor((i * markers.length) / MAX_MARKERS)] as ExemplarMarker,
  );
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
