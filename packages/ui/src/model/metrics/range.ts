/** The part of the explorer's state that decides the query window. */
export interface RangeChoice {
  /** A duration such as `1h` or `7m30s`. */
  range: string;
  /** Epoch seconds the range ends at; null follows now. */
  end: number | null;
  /** Seconds between points; null lets the range choose. */
  step: number | null;
}

/** The ranges the explorer offers; any other duration (from a zoom or a link) works too. */
export const RANGES = ['5m', '15m', '1h', '6h', '24h'] as const;
/** A range longer than this would ask for more points than a graph can show usefully. */
export const MAX_RANGE_SECONDS = 31 * 86_400;

const UNIT_SECONDS = { w: 604_800, d: 86_400, h: 3600, m: 60, s: 1 } as const;

/** A Prometheus-style duration of whole units (`1h`, `7m30s`, `2d`) in seconds; null if not one. */
export function parseRange(text: string | null | undefined): number | null {
  const m = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text ?? '');
  if (!m || !text) return null;
  const [, w, d, h, min, s] = m.map(Number);
  const seconds =
    (w || 0) * UNIT_SECONDS.w +
    (d || 0) * UNIT_SECONDS.d +
    (h || 0) * UNIT_SECONDS.h +
    (min || 0) * UNIT_SECONDS.m +
    (s || 0);
  return seconds >= 1 && seconds <= MAX_RANGE_SECONDS ? seconds : null;
}

/** Seconds as the shortest duration text, largest units first: 450 → `7m30s`. */
export function formatRange(seconds: number): string {
  let rest = Math.max(1, Math.round(seconds));
  let text = '';
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    if (unit === 'w') continue; // 14d reads better than 2w, and both parse.
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}

export const rangeSeconds = (range: string): number => parseRange(range) ?? 3600;

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
 * The query_range window: ending at the chosen end, or now (whole seconds, as Prometheus's graph
 * does: aligning the end down to the step would hide the newest samples, up to a step's worth).
 */
export function rangeQuery(state: RangeChoice, nowMs: number): RangeQuery {
  const seconds = rangeSeconds(state.range);
  const step = state.step ?? autoStep(seconds);
  const end = state.end ?? Math.round(nowMs / 1000);
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

/** The state that shows [start, end] (a selection dragged on the graph), in whole seconds. */
export function zoomedRange(start: number, end: number): Pick<RangeChoice, 'range' | 'end'> {
  const to = Math.round(end);
  return { range: formatRange(Math.max(1, to - Math.round(start))), end: to };
}

/**
 * The window moved by half its length, earlier (-1) or later (+1); a window that would reach
 * past now follows now again (end null).
 */
export function shiftedEnd(
  state: Pick<RangeChoice, 'range' | 'end'>,
  direction: -1 | 1,
  nowMs: number,
): number | null {
  const now = Math.round(nowMs / 1000);
  const end = (state.end ?? now) + (direction * rangeSeconds(state.range)) / 2;
  return end >= now ? null : Math.round(end);
}
