// Prometheus 3's experimental `anchored` and `smoothed` range modifiers. Anchored windows also see the
// last sample at or before the window start; smoothed windows interpolate values at both edges.
import { executionError } from '../errors';
import { upperBound } from './fetched-series';
import type { Window } from './range-functions';

const anchoredSafe = ['changes', 'delta', 'increase', 'rate', 'resets'];
const smoothedSafe = ['delta', 'increase', 'rate'];

export function checkExtendedModifier(name: string, anchored: boolean, smoothed: boolean): void {
  if (anchored && !anchoredSafe.includes(name)) {
    throw executionError(
      `anchored modifier can only be used with: ${anchoredSafe.join(', ')} - not with ${name}`,
    );
  }
  if (smoothed && !smoothedSafe.includes(name)) {
    throw executionError(
      `smoothed modifier can only be used with: ${smoothedSafe.join(', ')} - not with ${name}`,
    );
  }
}

function interpolate(
  t1: number,
  v1: number,
  t2: number,
  v2: number,
  t: number,
  isCounter: boolean,
): number {
  const y1 = isCounter && v2 < v1 ? 0 : v1;
  return y1 + ((v2 - y1) * (t - t1)) / (t2 - t1);
}

/** rate, increase, delta, changes and resets over an extended window (samples from the lookback on). */
export function extendedRangeFunction(
  name: string,
  w: Window,
  smoothed: boolean,
): number | undefined {
  const { ts, vs, rangeStart, rangeEnd } = w;
  const n = w.to - w.from;
  if (n === 0) return undefined;
  if (name === 'changes' || name === 'resets') {
    // Start from the last sample at or before the window start, if there is one inside the window data.
    const lastBefore = upperBound(ts, rangeStart, w.from, w.to) - 1;
    if (lastBefore + 1 >= w.to) return undefined;
    const first = Math.max(lastBefore, w.from);
    let count = 0;
    for (let i = first + 1; i < w.to; i++) {
      const cur = vs[i] as number;
      const prev = vs[i - 1] as number;
      if (
        name === 'resets' ? cur < prev : cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))
      )
        count++;
    }
    return count;
  }
  const isCounter = name !== 'delta';
  const isRate = name === 'rate';
  let last = w.to - 1;
  let first = Math.max(w.from, upperBound(ts, rangeStart, w.from, last) - 1);
  if (smoothed) {
    // The first sample at or after the window end, or the last one.
    let k = w.from;
    while (k < last && (ts[k] as number) < rangeEnd) k++;
    last = k;
  }
  if ((ts[last] as number) <= rangeStart) return undefined;
  if (smoothed && (ts[first] as number) > rangeEnd) return undefined;
  const left =
    smoothed && (ts[first] as number) < rangeStart
      ? interpolate(
          ts[first] as number,
          vs[first] as number,
          ts[first + 1] as number,
          vs[first + 1] as number,
          rangeStart,
          isCounter,
        )
      : (vs[first] as number);
  const right =
    smoothed && last > w.from && (ts[last] as number) > rangeEnd
      ? interpolate(
          ts[last - 1] as number,
          vs[last - 1] as number,
          ts[last] as number,
          vs[last] as number,
          rangeEnd,
          isCounter,
        )
      : (vs[last] as number);
  let result = right - left;
  if (isCounter) {
    if ((ts[first] as number) <= rangeStart) first++;
    if ((ts[last] as number) >= rangeEnd) last--;
    let prev = left;
    let correction = 0;
    for (let i = first; i <= last; i++) {
      const v = vs[i] as number;
      if (v < prev) correction += prev;
      prev = v;
    }
    if (right < prev) correction += prev;
    result += correction;
  }
  if (isRate) result /= (rangeEnd - rangeStart) / 1000;
  return result;
}

/** A smoothed instant lookup: the value at t interpolated between its neighbours within the lookback. */
export function smoothedValue(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  t: number,
  lookback: number,
): number | undefined {
  const lo = upperBound(ts, t - lookback);
  const hi = upperBound(ts, t + lookback);
  if (hi <= lo) return undefined;
  let i = lo;
  while (i < hi && (ts[i] as number) < t) i++;
  if (i < hi && ts[i] === t) return vs[i] as number;
  if (i > lo && i < hi) {
    return interpolate(
      ts[i - 1] as number,
      vs[i - 1] as number,
      ts[i] as number,
      vs[i] as number,
      t,
      false,
    );
  }
  if (i > lo) return vs[i - 1] as number;
  return undefined;
}
