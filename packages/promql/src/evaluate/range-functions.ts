// Functions over range vectors, evaluated over one window [from, to) of a series' sorted samples.
// Typed arrays and index windows keep the per-step work free of allocations.
import { extrapolationFactor } from './extrapolation';
import { kahanInc, quantileOf } from './float-math';

export interface Window {
  readonly ts: ArrayLike<number>;
  readonly vs: ArrayLike<number>;
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  /** Evaluation step time (ms). */
  readonly t: number;
  /** The window is (rangeStart, rangeEnd] in ms. */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  /** Scalar arguments other than the range vector, in order. */
  readonly params: readonly number[];
  /**
   * For rate and increase over many windows: resetPrefix[i] sums the values before each counter
   * reset up to sample i, so a window's reset correction costs O(1) instead of a scan.
   */
  readonly resetPrefix: Float64Array | undefined;
}

/** Prefix sums of counter-reset corrections, or undefined when they are not finite. */
export function counterResetPrefix(vs: ArrayLike<number>): Float64Array | undefined {
  const out = new Float64Array(vs.length);
  let sum = 0;
  for (let i = 1; i < vs.length; i++) {
    const prev = vs[i - 1] as number;
    if ((vs[i] as number) < prev) sum += prev;
    out[i] = sum;
  }
  return Number.isFinite(sum) ? out : undefined;
}

/** Returns the value, or undefined when the function yields no sample for this window. */
export type RangeFunction = (w: Window) => number | undefined;

const kahan = new Float64Array(1);

function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { ts, vs, from, to } = w;
  const n = to - from;
  if (n < 2) return undefined;
  const first = vs[from] as number;
  const last = vs[to - 1] as number;
  let result = last - first;
  if (isCounter) {
    const prefix = w.resetPrefix;
    if (prefix) {
      result += (prefix[to - 1] as number) - (prefix[from] as number);
    } else {
      let prev = first;
      for (let i = from + 1; i < to; i++) {
        const v = vs[i] as number;
        if (v < prev) result += prev;
        prev = v;
      }
    }
  }
  const firstT = ts[from] as number;
  const lastT = ts[to - 1] as number;
  return result * extrapolationFactor(w, firstT, lastT, n, isRate, isCounter, first, result);
}

function instantValue(w: Window, isRate: boolean): number | undefined {
  const { ts, vs, to } = w;
  if (to - w.from < 2) return undefined;
  const prevV = vs[to - 2] as number;
  const lastV = vs[to - 1] as number;
  const interval = (ts[to - 1] as number) - (ts[to - 2] as number);
  if (interval === 0) return undefined;
  let result = lastV;
  if (!isRate || !(lastV < prevV)) result = lastV - prevV;
  if (isRate) result /= interval / 1000;
  return result;
}

function linearRegression(w: Window, interceptTime: number): [number, number] {
  const { ts, vs, from, to } = w;
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumX2 = 0;
  const cX = new Float64Array(1);
  const cY = new Float64Array(1);
  const cXY = new Float64Array(1);
  const cX2 = new Float64Array(1);
  const initY = vs[from] as number;
  let constY = true;
  for (let i = from; i < to; i++) {
    const y = vs[i] as number;
    if (constY && i > from && y !== initY) constY = false;
    n++;
    const x = ((ts[i] as number) - interceptTime) / 1000;
    sumX = kahanInc(x, sumX, cX);
    sumY = kahanInc(y, sumY, cY);
    sumXY = kahanInc(x * y, sumXY, cXY);
    sumX2 = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [Number.NaN, Number.NaN];
    return [0, initY];
  }
  sumX += cX[0] as number;
  sumY += cY[0] as number;
  sumXY += cXY[0] as number;
  sumX2 += cX2[0] as number;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function sumOverTime(w: Window): number {
  kahan[0] = 0;
  let sum = 0;
  for (let i = w.from; i < w.to; i++) sum = kahanInc(w.vs[i] as number, sum, kahan);
  if (!Number.isFinite(sum) && !Number.isNaN(sum)) return sum;
  return sum + (kahan[0] as number);
}

function avgOverTime(w: Window): number {
  const { vs, from, to } = w;
  kahan[0] = 0;
  let sum = vs[from] as number;
  let count = 1;
  let mean = 0;
  let incremental = false;
  for (let i = from + 1; i < to; i++) {
    const f = vs[i] as number;
    count = i - from + 1;
    if (!incremental) {
      const saved = kahan[0] as number;
      const next = kahanInc(f, sum, kahan);
      if (Number.isFinite(next) || Number.isNaN(next)) {
        sum = next;
        continue;
      }
      // The sum overflowed: switch to an incremental mean.
      incremental = true;
      mean = sum / (count - 1);
      kahan[0] = saved / (count - 1);
    }
    const q = (count - 1) / count;
    kahan[0] = (kahan[0] as number) * q;
    mean = kahanInc(f / count, q * mean, kahan);
  }
  if (incremental) return mean + (kahan[0] as number);
  return sum / count + (kahan[0] as number) / count;
}

function varianceOverTime(w: Window): number {
  let count = 0;
  let mean = 0;
  let aux = 0;
  const cMean = new Float64Array(1);
  const cAux = new Float64Array(1);
  for (let i = w.from; i < w.to; i++) {
    const f = w.vs[i] as number;
    count++;
    const delta = f - (mean + (cMean[0] as number));
    mean = kahanInc(delta / count, mean, cMean);
    aux = kahanInc(delta * (f - (mean + (cMean[0] as number))), aux, cAux);
  }
  return (aux + (cAux[0] as number)) / count;
}

function compareOverTime(
  w: Window,
  better: (cur: number, best: number) => boolean,
  timestamp: boolean,
): number {
  let best = w.vs[w.from] as number;
  let bestT = w.ts[w.from] as number;
  for (let i = w.from; i < w.to; i++) {
    const f = w.vs[i] as number;
    if (better(f, best)) {
      best = f;
      bestT = w.ts[i] as number;
    }
  }
  return timestamp ? bestT / 1000 : best;
}

function windowValues(w: Window): number[] {
  const out: number[] = [];
  for (let i = w.from; i < w.to; i++) out.push(w.vs[i] as number);
  return out;
}

function nonEmpty(fn: (w: Window) => number | undefined): RangeFunction {
  return (w) => (w.to > w.from ? fn(w) : undefined);
}

export const rangeFunctions: Readonly<Record<string, RangeFunction>> = {
  rate: (w) => extrapolatedRate(w, true, true),
  increase: (w) => extrapolatedRate(w, true, false),
  delta: (w) => extrapolatedRate(w, false, false),
  irate: (w) => instantValue(w, true),
  idelta: (w) => instantValue(w, false),
  deriv: (w) => (w.to - w.from < 2 ? undefined : linearRegression(w, w.ts[w.from] as number)[0]),
  predict_linear: (w) => {
    if (w.to - w.from < 2) return undefined;
    const [slope, intercept] = linearRegression(w, w.t);
    return slope * (w.params[0] as number) + intercept;
  },
  avg_over_time: nonEmpty(avgOverTime),
  sum_over_time: nonEmpty(sumOverTime),
  count_over_time: nonEmpty((w) => w.to - w.from),
  min_over_time: nonEmpty((w) => compareOverTime(w, (c, b) => c < b || Number.isNaN(b), false)),
  max_over_time: nonEmpty((w) => compareOverTime(w, (c, b) => c > b || Number.isNaN(b), false)),
  ts_of_min_over_time: nonEmpty((w) =>
    compareOverTime(w, (c, b) => c <= b || Number.isNaN(b), true),
  ),
  ts_of_max_over_time: nonEmpty((w) =>
    compareOverTime(w, (c, b) => c >= b || Number.isNaN(b), true),
  ),
  ts_of_first_over_time: nonEmpty((w) => (w.ts[w.from] as number) / 1000),
  ts_of_last_over_time: nonEmpty((w) => (w.ts[w.to - 1] as number) / 1000),
  first_over_time: nonEmpty((w) => w.vs[w.from] as number),
  last_over_time: nonEmpty((w) => w.vs[w.to - 1] as number),
  present_over_time: nonEmpty(() => 1),
  stddev_over_time: nonEmpty((w) => Math.sqrt(varianceOverTime(w))),
  stdvar_over_time: nonEmpty(varianceOverTime),
  quantile_over_time: nonEmpty((w) => quantileOf(w.params[0] as number, windowValues(w))),
  mad_over_time: nonEmpty((w) => {
    const values = windowValues(w);
    if (values.some(Number.isNaN)) return Number.NaN;
    const median = quantileOf(0.5, values);
    return quantileOf(
      0.5,
      values.map((v) => Math.abs(v - median)),
    );
  }),
  changes: nonEmpty((w) => {
    let changes = 0;
    for (let i = w.from + 1; i < w.to; i++) {
      const cur = w.vs[i] as number;
      const prev = w.vs[i - 1] as number;
      if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) changes++;
    }
    return changes;
  }),
  resets: nonEmpty((w) => {
    let resets = 0;
    for (let i = w.from + 1; i < w.to; i++)
      if ((w.vs[i] as number) < (w.vs[i - 1] as number)) resets++;
    return resets;
  }),
  double_exponential_smoothing: (w) => {
    const sf = w.params[0] as number;
    const tf = w.params[1] as number;
    if (!(sf > 0 && sf < 1))
      throw new RangeError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf}`);
    if (!(tf > 0 && tf < 1))
      throw new RangeError(`invalid trend factor. Expected: 0 < tf < 1, got: ${tf}`);
    const n = w.to - w.from;
    if (n < 2) return undefined;
    let s0 = 0;
    let s1 = w.vs[w.from] as number;
    let b = (w.vs[w.from + 1] as number) - s1;
    for (let i = 1; i < n; i++) {
      const x = sf * (w.vs[w.from + i] as number);
      b = i - 1 === 0 ? b : tf * (s1 - s0) + (1 - tf) * b;
      const y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  },
};

/** Range functions that keep the metric name (all others drop it). */
export const rangeFunctionsKeepingName: ReadonlySet<string> = new Set([
  'last_over_time',
  'first_over_time',
]);
