// The smoothed instant selector over a series holding native histograms (Prometheus 3's experimental
// `smoothed` modifier): histograms are interpolated between their neighbours within the lookback,
// as a counter unless both neighbours are gauges; floats and histograms in one lookback window
// give a warning and no sample.
import type { FloatHistogram } from '../histogram/float-histogram';
import { smoothedValue } from './extended-range';
import { upperBound } from './fetched-series';
import { Incompatible, interpolateHistograms } from './histogram-extended-rate';
import { type MixedSource, usesCustomBuckets } from './mixed-window';
import {
  mixedExponentialCustom,
  mixedFloatsHistograms,
  type RangeNotes,
} from './range-histogram-messages';
import type { EvalSeries } from './values';

export interface SmoothedSteps {
  readonly start: number;
  readonly interval: number;
  readonly steps: number;
  readonly offset: number;
  /** The lookup time when an @ modifier fixes it. */
  readonly fixed: number | undefined;
  readonly lookback: number;
}

function smoothedHistogram(
  hts: ArrayLike<number>,
  hs: readonly FloatHistogram[],
  lo: number,
  hi: number,
  t: number,
  notes: RangeNotes,
): FloatHistogram | undefined {
  let i = lo;
  while (i < hi && (hts[i] as number) < t) i++;
  if (i < hi && hts[i] === t) return hs[i];
  if (i === lo) return undefined;
  const prev = hs[i - 1] as FloatHistogram;
  if (i === hi) return { ...prev, counterResetHint: 'unknown' };
  const next = hs[i] as FloatHistogram;
  if (usesCustomBuckets(prev) !== usesCustomBuckets(next)) {
    notes.note('warning', mixedExponentialCustom(notes.metricName));
    return undefined;
  }
  const isCounter = prev.counterResetHint !== 'gauge' || next.counterResetHint !== 'gauge';
  try {
    return interpolateHistograms(
      notes,
      hts[i - 1] as number,
      prev,
      hts[i] as number,
      next,
      t,
      isCounter,
    );
  } catch (error) {
    if (!(error instanceof Incompatible)) throw error;
    notes.note('warning', mixedExponentialCustom(notes.metricName));
    return undefined;
  }
}

export function smoothedMixedSeries(
  s: MixedSource,
  steps: SmoothedSteps,
  notes: RangeNotes,
): EvalSeries | undefined {
  const hts = s.hts as ArrayLike<number>;
  const hs = s.hs as readonly FloatHistogram[];
  const out: EvalSeries = { metric: s.metric, ts: [], vs: [], dropName: false };
  for (let step = 0; step < steps.steps; step++) {
    const t = steps.start + step * steps.interval;
    const ref = steps.fixed ?? t - steps.offset;
    const lo = upperBound(hts, ref - steps.lookback);
    const hi = upperBound(hts, ref + steps.lookback, lo);
    const floats = upperBound(s.ts, ref + steps.lookback) > upperBound(s.ts, ref - steps.lookback);
    if (hi > lo && floats) {
      notes.note('warning', mixedFloatsHistograms(notes.metricName));
      continue;
    }
    if (hi === lo) {
      const v = smoothedValue(s.ts, s.vs, ref, steps.lookback);
      if (v === undefined) continue;
      out.ts.push(t);
      out.vs.push(v);
      continue;
    }
    const h = smoothedHistogram(hts, hs, lo, hi, ref, notes);
    if (!h) continue;
    out.hts ??= [];
    out.hs ??= [];
    out.hts.push(t);
    out.hs.push(h);
  }
  return out.ts.length > 0 || out.hts ? out : undefined;
}
