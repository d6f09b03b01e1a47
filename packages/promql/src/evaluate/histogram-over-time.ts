// The *_over_time functions that accept native histograms, and changes/resets over windows mixing
// floats and histograms (Prometheus's funcSumOverTime, funcAvgOverTime, funcChanges, funcResets...).
import { detectReset } from '../histogram/detect-reset';
import { histogramsEqual } from '../histogram/equals';
import type { FloatHistogram } from '../histogram/float-histogram';
import { HistogramKahanSum } from '../histogram/kahan-sum';
import { divideHistogram } from '../histogram/scale';
import { upperBound } from './fetched-series';
import type { MixedValue, MixedWindow } from './mixed-window';
import {
  counterResetCollision,
  customBucketsReconciled,
  mixedExponentialCustom,
  mixedFloatsHistograms,
  type RangeNotes,
} from './range-histogram-messages';

/**
 * The sum (or mean) of the window's histograms; undefined, with a warning, when exponential and
 * custom buckets meet. Mixed counter-reset hints and reconciled custom bounds are reported.
 */
function histogramSumOrMean(w: MixedWindow, mean: boolean, notes: RangeNotes): MixedValue {
  let resetSeen = false;
  let notResetSeen = false;
  let reconciled = false;
  const track = (h: FloatHistogram) => {
    if (h.counterResetHint === 'reset') resetSeen = true;
    else if (h.counterResetHint === 'not-reset') notResetSeen = true;
  };
  const first = w.hs[w.hFrom] as FloatHistogram;
  track(first);
  const acc = HistogramKahanSum.of(first);
  let incremental = false;
  let count = 1;
  for (let i = w.hFrom + 1; i < w.hTo; i++) {
    const h = w.hs[i] as FloatHistogram;
    track(h);
    count = i - w.hFrom + 1;
    if (mean && !incremental) {
      const probe = acc.copy();
      // Past an overflow of the running sum, the mean is kept incrementally (as for floats).
      if (probe.add(h).ok && probe.hasOverflow()) {
        incremental = true;
        acc.divide(count - 1);
      }
    }
    if (incremental) acc.multiply((count - 1) / count);
    const added = acc.add(incremental ? divideHistogram(h, count) : h);
    if (!added.ok) {
      notes.note('warning', mixedExponentialCustom(notes.metricName));
      return undefined;
    }
    reconciled ||= added.customBoundsReconciled;
  }
  if (resetSeen && notResetSeen) notes.note('warning', counterResetCollision('aggregation'));
  if (reconciled) notes.note('info', customBucketsReconciled('aggregation'));
  if (mean && !incremental) acc.divide(count);
  return acc.value();
}

export function sumOrMeanOverTime(
  w: MixedWindow,
  mean: boolean,
  notes: RangeNotes,
): MixedValue | 'floats' {
  if (w.hTo === w.hFrom) return 'floats';
  if (w.to > w.from) {
    notes.note('warning', mixedFloatsHistograms(notes.metricName));
    return undefined;
  }
  return histogramSumOrMean(w, mean, notes);
}

/** The first (or last) sample of the window, float or histogram. */
export function edgeOverTime(w: MixedWindow, last: boolean): MixedValue {
  const hasF = w.to > w.from;
  const hasH = w.hTo > w.hFrom;
  if (!hasF && !hasH) return undefined;
  const fi = last ? w.to - 1 : w.from;
  const hi = last ? w.hTo - 1 : w.hFrom;
  if (!hasH) return w.vs[fi] as number;
  if (!hasF) return w.hs[hi];
  const ft = w.ts[fi] as number;
  const ht = w.hts[hi] as number;
  const floatWins = last ? !(ht >= ft) : ft < ht;
  return floatWins ? (w.vs[fi] as number) : w.hs[hi];
}

/** Counts changes or counter resets over the window's samples in time order. */
export function changesOrResets(w: MixedWindow, resets: boolean): number | undefined {
  if (w.to === w.from && w.hTo === w.hFrom) return undefined;
  let count = 0;
  let i = w.from;
  let j = w.hFrom;
  let prevF = 0;
  let prevH: FloatHistogram | undefined;
  let first = true;
  while (i < w.to || j < w.hTo) {
    const takeFloat = j >= w.hTo || (i < w.to && (w.ts[i] as number) < (w.hts[j] as number));
    const f = takeFloat ? (w.vs[i++] as number) : 0;
    const h = takeFloat ? undefined : w.hs[j++];
    if (!first) {
      if (!prevH && !h) {
        if (resets ? f < prevF : f !== prevF && !(Number.isNaN(f) && Number.isNaN(prevF))) count++;
      } else if (!prevH || !h) {
        count++;
      } else if (resets ? detectReset(h, prevH) : !histogramsEqual(h, prevH)) {
        count++;
      }
    }
    first = false;
    prevF = f;
    prevH = h;
  }
  return count;
}

/**
 * changes/resets with the anchored modifier: from the last sample at or before the window start
 * (float or histogram, whichever is later), as Prometheus's pickFirstSampleIndices.
 */
export function anchoredChangesOrResets(w: MixedWindow, resets: boolean): number | undefined {
  const lastF = upperBound(w.ts, w.rangeStart, w.from, w.to) - 1;
  const lastH = upperBound(w.hts, w.rangeStart, w.hFrom, w.hTo) - 1;
  if (lastF + 1 >= w.to && lastH + 1 >= w.hTo) return undefined;
  const hasF = lastF >= w.from;
  const hasH = lastH >= w.hFrom;
  if (!hasF && !hasH) return changesOrResets(w, resets);
  // The anchor is the later one; samples of the other kind before it are skipped.
  const floatAnchor = !hasH || (hasF && (w.ts[lastF] as number) >= (w.hts[lastH] as number));
  const from = floatAnchor ? lastF : lastF + 1;
  const hFrom = floatAnchor ? lastH + 1 : lastH;
  return changesOrResets({ ...w, from, hFrom }, resets);
}
