// The value of a range aggregation over one window of one series, as Loki computes it (its
// range_vector.go, read as a specification). Points are in time order; times are float64 nanoseconds
// from a base, exact within the query's span.
import type { RangeOp } from '../ast';

export interface WindowPoints {
  readonly ts: readonly number[];
  readonly vs: readonly number[];
  /** The first point in the window; the window holds ts[from..]. */
  readonly from: number;
}

/** The window's value; `rangeEndNs` is the window's right edge, `rangeNs` its length. */
export type WindowFunction = (w: WindowPoints, rangeEndNs: number) => number;

export function windowFunction(
  op: RangeOp,
  rangeNs: number,
  rangeSeconds: number,
  unwrapped: boolean,
  phi: number,
): WindowFunction {
  switch (op) {
    case 'count_over_time':
      return (w) => w.ts.length - w.from;
    case 'rate':
      // rate of lines, or of unwrapped values: their sum per second of the range.
      return unwrapped
        ? (w) => sum(w) / rangeSeconds
        : (w) => (w.ts.length - w.from) / rangeSeconds;
    case 'bytes_rate':
      return (w) => sum(w) / rangeSeconds;
    case 'bytes_over_time':
    case 'sum_over_time':
      return sum;
    case 'avg_over_time':
      return avg;
    case 'max_over_time':
      return (w) => extreme(w, (v, best) => v > best);
    case 'min_over_time':
      return (w) => extreme(w, (v, best) => v < best);
    case 'stdvar_over_time':
      return variance;
    case 'stddev_over_time':
      return (w) => Math.sqrt(variance(w));
    case 'quantile_over_time':
      return (w) => quantile(phi, w);
    case 'first_over_time':
      return (w) => w.vs[w.from] as number;
    case 'last_over_time':
      return (w) => w.vs[w.vs.length - 1] as number;
    case 'absent_over_time':
      return () => 1;
    case 'rate_counter':
      return (w, end) => extrapolatedRate(w, rangeNs, rangeSeconds, end);
  }
}

/**
 * Ops that only add their samples' values (1 a line, or its bytes): their windows may hold per-cell
 * sums instead of points (see binnedCuts), exact as long as the sums stay integers below 2^53.
 */
export function binnable(op: RangeOp, unwrapped: boolean): boolean {
  if (unwrapped) return false;
  return (
    op === 'count_over_time' ||
    op === 'rate' ||
    op === 'bytes_over_time' ||
    op === 'bytes_rate' ||
    op === 'absent_over_time'
  );
}

/** The window value of a binnable op over cell sums. */
export function binnedWindowFunction(op: RangeOp, rangeSeconds: number): WindowFunction {
  if (op === 'rate' || op === 'bytes_rate') return (w) => sum(w) / rangeSeconds;
  if (op === 'absent_over_time') return () => 1;
  return sum;
}

function sum(w: WindowPoints): number {
  let s = 0;
  for (let i = w.from; i < w.vs.length; i++) s += w.vs[i] as number;
  return s;
}

/** Loki's incremental mean, which keeps an infinite mean instead of turning it into NaN. */
function avg(w: WindowPoints): number {
  let mean = 0;
  let count = 0;
  for (let i = w.from; i < w.vs.length; i++) {
    const f = w.vs[i] as number;
    count++;
    if (mean === Infinity || mean === -Infinity) {
      if ((f === Infinity || f === -Infinity) && mean > 0 === f > 0) continue;
      if (Number.isFinite(f)) continue;
    }
    mean += f / count - mean / count;
  }
  return mean;
}

/** max/min: NaN loses to any number, as Loki's (and Prometheus's) max_over_time. */
function extreme(w: WindowPoints, better: (v: number, best: number) => boolean): number {
  let best = w.vs[w.from] as number;
  for (let i = w.from; i < w.vs.length; i++) {
    const v = w.vs[i] as number;
    if (better(v, best) || Number.isNaN(best)) best = v;
  }
  return best;
}

/** Welford's algorithm, as Loki's stdvar_over_time. */
function variance(w: WindowPoints): number {
  let aux = 0;
  let count = 0;
  let mean = 0;
  for (let i = w.from; i < w.vs.length; i++) {
    const f = w.vs[i] as number;
    count++;
    const delta = f - mean;
    mean += delta / count;
    aux += delta * (f - mean);
  }
  return aux / count;
}

/** Loki's Quantile: linear interpolation between closest ranks; NaN sorts first (Go's sort of HeapByMaxValue). */
function quantile(q: number, w: WindowPoints): number {
  const values = w.vs.slice(w.from) as number[];
  if (values.length === 0) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  values.sort((a, b) =>
    Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b,
  );
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (values[lower] as number) * (1 - weight) + (values[upper] as number) * weight;
}

/**
 * Loki's rate_counter: Prometheus's extrapolated rate with counter resets, except that times are
 * nanoseconds and the range's edges are the window's own, not guessed from the samples.
 */
function extrapolatedRate(
  w: WindowPoints,
  rangeNs: number,
  rangeSeconds: number,
  rangeEndNs: number,
): number {
  const n = w.ts.length - w.from;
  if (n < 2) return 0;
  const firstT = w.ts[w.from] as number;
  const lastT = w.ts[w.ts.length - 1] as number;
  const firstV = w.vs[w.from] as number;
  const rangeStart = rangeEndNs - rangeNs;
  let result = (w.vs[w.vs.length - 1] as number) - firstV;
  let last = 0;
  for (let i = w.from; i < w.vs.length; i++) {
    const v = w.vs[i] as number;
    if (v < last) result += last;
    last = v;
  }
  let toStart = (firstT - rangeStart) / 1e9;
  let toEnd = (rangeEndNs - lastT) / 1e9;
  const sampled = (lastT - firstT) / 1e9;
  const average = sampled / (n - 1);
  const threshold = average * 1.1;
  if (toStart >= threshold) toStart = average / 2;
  // A counter cannot go below zero: do not extrapolate past the point where it would.
  let toZero = toStart;
  if (result > 0 && firstV >= 0) toZero = sampled * (firstV / result);
  if (toZero < toStart) toStart = toZero;
  if (toEnd >= threshold) toEnd = average / 2;
  const interval = sampled + toStart + toEnd;
  return (result * (interval / sampled)) / rangeSeconds;
}
