// Range functions over a series holding native histograms: its own per-step loop (so float-only
// series keep the fast loop in range-call.ts), the histogram-aware functions, and Prometheus's
// treatment of histograms by float-only functions (ignored, with an info when floats are there too).
import type { FloatHistogram } from '../histogram/float-histogram';
import { histogramSampleSize } from '../histogram/sample-size';
import { upperBound } from './fetched-series';
import { extendedHistogramRate } from './histogram-extended-rate';
import { mixedInstantValue } from './histogram-instant-value';
import {
  anchoredChangesOrResets,
  changesOrResets,
  edgeOverTime,
  sumOrMeanOverTime,
} from './histogram-over-time';
import { extrapolatedHistogramRate } from './histogram-rate';
import type { MixedRangeFunction, MixedSource, MixedValue, MixedWindow } from './mixed-window';
import type { RangeFunction } from './range-functions';
import {
  histogramsIgnoredInMixedRange,
  mixedFloatsHistograms,
  type RangeNotes,
} from './range-histogram-messages';
import type { EvalSeries } from './values';

/** Rate-like functions: a window with histograms only goes to the histogram version. */
function rateLike(isCounter: boolean, isRate: boolean): MixedRangeFunction {
  return (w, notes) => extrapolatedHistogramRate(w, isCounter, isRate, notes);
}

function sumOrMean(mean: boolean, float: RangeFunction): MixedRangeFunction {
  return (w, notes) => {
    const v = sumOrMeanOverTime(w, mean, notes);
    return v === 'floats' ? float(w) : v;
  };
}

/** Functions that take histograms; called only for windows holding at least one histogram. */
function histogramFunctions(
  floats: Readonly<Record<string, RangeFunction>>,
): Record<string, MixedRangeFunction> {
  const float = (name: string) => floats[name] as RangeFunction;
  return {
    rate: rateLike(true, true),
    increase: rateLike(true, false),
    delta: rateLike(false, false),
    irate: (w, notes) => mixedInstantValue(w, true, notes),
    idelta: (w, notes) => mixedInstantValue(w, false, notes),
    sum_over_time: sumOrMean(false, float('sum_over_time')),
    avg_over_time: sumOrMean(true, float('avg_over_time')),
    count_over_time: (w) => w.to - w.from + (w.hTo - w.hFrom),
    present_over_time: () => 1,
    last_over_time: (w) => edgeOverTime(w, true),
    first_over_time: (w) => edgeOverTime(w, false),
    ts_of_first_over_time: (w) =>
      Math.min(
        w.to > w.from ? (w.ts[w.from] as number) : Number.POSITIVE_INFINITY,
        w.hts[w.hFrom] as number,
      ) / 1000,
    ts_of_last_over_time: (w) =>
      Math.max(
        w.to > w.from ? (w.ts[w.to - 1] as number) : Number.NEGATIVE_INFINITY,
        w.hts[w.hTo - 1] as number,
      ) / 1000,
    changes: (w) => changesOrResets(w, false),
    resets: (w) => changesOrResets(w, true),
  };
}

/** The anchored and smoothed versions (extended-range.ts has the float ones). */
function extendedFunctions(smoothed: boolean): Record<string, MixedRangeFunction> {
  const rate =
    (isCounter: boolean, isRate: boolean): MixedRangeFunction =>
    (w, notes) => {
      if (w.to > w.from) {
        notes.note('warning', mixedFloatsHistograms(notes.metricName));
        return undefined;
      }
      return extendedHistogramRate(w, isCounter, isRate, smoothed, notes);
    };
  return {
    rate: rate(true, true),
    increase: rate(true, false),
    delta: rate(false, false),
    changes: (w) => anchoredChangesOrResets(w, false),
    resets: (w) => anchoredChangesOrResets(w, true),
  };
}

let table: Record<string, MixedRangeFunction> | undefined;

/**
 * The function to apply to windows of a series with histograms. Float-only functions see the
 * floats; histograms next to floats are ignored with an info, histograms alone yield nothing.
 */
export function mixedRangeFunction(
  name: string,
  floatFn: RangeFunction,
  floats: Readonly<Record<string, RangeFunction>>,
  extended: 'anchored' | 'smoothed' | undefined,
): MixedRangeFunction {
  table ??= histogramFunctions(floats);
  const own = extended ? extendedFunctions(extended === 'smoothed')[name] : table[name];
  return (w, notes) => {
    if (w.hTo === w.hFrom) return floatFn(w);
    if (own) return own(w, notes);
    if (w.to === w.from) return undefined;
    notes.note('info', histogramsIgnoredInMixedRange(notes.metricName));
    return floatFn(w);
  };
}

/** The per-step loop's view of a range call, shared with range-call.ts. */
export interface StepWindows {
  readonly start: number;
  readonly interval: number;
  readonly steps: number;
  readonly range: number;
  readonly offset: number;
  /** The window end when an @ modifier fixes it. */
  readonly fixed: number | undefined;
  readonly before: number;
  readonly after: number;
  readonly scalarParams: readonly Float64Array[];
}

type MutableMixedWindow = { -readonly [K in keyof MixedWindow]: MixedWindow[K] };

/** Applies `fn` at every step to one series with histograms; returns its output and largest window. */
export function evalMixedSeries(
  s: MixedSource,
  steps: StepWindows,
  fn: MixedRangeFunction,
  notes: RangeNotes,
): { series: EvalSeries; windowSamples: number } {
  const hts = s.hts as ArrayLike<number>;
  const hs = s.hs as readonly FloatHistogram[];
  const out: EvalSeries = { metric: s.metric, ts: [], vs: [], dropName: s.dropName };
  const params: number[] = steps.scalarParams.map(() => Number.NaN);
  const w: MutableMixedWindow = {
    ts: s.ts,
    vs: s.vs,
    hts,
    hs,
    from: 0,
    to: 0,
    hFrom: 0,
    hTo: 0,
    t: 0,
    rangeStart: 0,
    rangeEnd: 0,
    params,
    resetPrefix: undefined,
  };
  // Prefix sums of the histograms' sizes: the samples limit counts a histogram by its size.
  const sizes = new Float64Array(hs.length + 1);
  for (let i = 0; i < hs.length; i++) {
    sizes[i + 1] = (sizes[i] as number) + histogramSampleSize(hs[i] as FloatHistogram);
  }
  let windowSamples = 0;
  for (let step = 0; step < steps.steps; step++) {
    const t = steps.start + step * steps.interval;
    const rangeEnd = steps.fixed ?? t - steps.offset;
    const rangeStart = rangeEnd - steps.range;
    w.from = upperBound(s.ts, rangeStart - steps.before);
    w.to = upperBound(s.ts, rangeEnd + steps.after, w.from);
    w.hFrom = upperBound(hts, rangeStart - steps.before);
    w.hTo = upperBound(hts, rangeEnd + steps.after, w.hFrom);
    if (w.to === w.from && w.hTo === w.hFrom) continue;
    const histogramSamples = (sizes[w.hTo] as number) - (sizes[w.hFrom] as number);
    windowSamples = Math.max(windowSamples, w.to - w.from + histogramSamples);
    for (let k = 0; k < params.length; k++) {
      params[k] = (steps.scalarParams[k] as Float64Array)[step] as number;
    }
    w.t = t;
    w.rangeStart = rangeStart;
    w.rangeEnd = rangeEnd;
    const v: MixedValue = fn(w, notes);
    if (v === undefined) continue;
    if (typeof v === 'number') {
      out.ts.push(t);
      out.vs.push(v);
    } else {
      out.hts ??= [];
      out.hs ??= [];
      out.hts.push(t);
      out.hs.push(v);
    }
  }
  return { series: out, windowSamples };
}
