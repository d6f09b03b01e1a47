// rate, increase and delta over native histograms (Prometheus's histogramRate and extrapolatedRate):
// the last histogram minus the first at the lowest schema in the window, counter resets added back,
// then extrapolated to the window edges as floats are.

import { addHistograms, subtractHistograms } from '../histogram/add';
import { compactHistogram } from '../histogram/compact';
import { detectReset } from '../histogram/detect-reset';
import type { FloatHistogram } from '../histogram/float-histogram';
import { reduceResolution } from '../histogram/reduce-resolution';
import { multiplyResultHistogram } from '../histogram/scale';
import { extrapolationFactor } from './extrapolation';
import { emptyHistogramLike, type MixedWindow, usesCustomBuckets } from './mixed-window';
import {
  customBucketsReconciled,
  mixedExponentialCustom,
  mixedFloatsHistograms,
  notCounter,
  notGauge,
  type RangeNotes,
} from './range-histogram-messages';

type Note = ['warning' | 'info', string];

/** rate/increase/delta of a window holding histograms only (the caller checks for floats). */
export function extrapolatedHistogramRate(
  w: MixedWindow,
  isCounter: boolean,
  isRate: boolean,
  notes: RangeNotes,
): FloatHistogram | undefined {
  if (w.to > w.from) {
    notes.note('warning', mixedFloatsHistograms(notes.metricName));
    return undefined;
  }
  const n = w.hTo - w.hFrom;
  if (n < 2) return undefined;
  const pending: Note[] = [];
  const result = histogramIncrease(w, isCounter, notes.metricName, pending);
  for (const [kind, message] of pending) notes.note(kind, message);
  if (!result) return undefined;
  const firstT = w.hts[w.hFrom] as number;
  const lastT = w.hts[w.hTo - 1] as number;
  const first = (w.hs[w.hFrom] as FloatHistogram).count;
  const factor = extrapolationFactor(w, firstT, lastT, n, isRate, isCounter, first, result.count);
  // `result` is histogramIncrease's own (a difference, sum or compaction of one).
  return multiplyResultHistogram(result, factor);
}

/**
 * Last minus first (with resets added back for counters), or undefined when the layouts cannot be
 * combined. Notes go to `pending`; an incompatibility replaces them, as Prometheus returns fresh
 * annotations there.
 */
function histogramIncrease(
  w: MixedWindow,
  isCounter: boolean,
  metricName: string,
  pending: Note[],
): FloatHistogram | undefined {
  const { hs, hFrom, hTo } = w;
  const first = hs[hFrom] as FloatHistogram;
  const last = hs[hTo - 1] as FloatHistogram;
  const incompatible = () => {
    pending.length = 0;
    pending.push(['warning', mixedExponentialCustom(metricName)]);
    return undefined;
  };
  let prev = first;
  if (isCounter && (first.counterResetHint === 'gauge' || last.counterResetHint === 'gauge')) {
    pending.push(['warning', notCounter(metricName)]);
  }
  if (isCounter) {
    // A reset right after the first sample: its layout does not matter, start from empty.
    const second = hs[hFrom + 1] as FloatHistogram;
    if (detectReset(second, prev)) prev = emptyHistogramLike(second);
  }
  if (usesCustomBuckets(last) !== usesCustomBuckets(prev)) {
    pending.push(['warning', mixedExponentialCustom(metricName)]);
    return undefined;
  }
  let minSchema = Math.min(last.schema, prev.schema);
  if (isCounter) {
    for (let i = hFrom + 1; i < hTo - 1; i++) {
      const curr = hs[i] as FloatHistogram;
      if (curr.counterResetHint === 'gauge') pending.push(['warning', notCounter(metricName)]);
      if (curr.schema < minSchema) minSchema = curr.schema;
      if (usesCustomBuckets(curr) !== usesCustomBuckets(prev)) return incompatible();
    }
  }
  const lastAtSchema = last.schema > minSchema ? reduceResolution(last, minSchema) : last;
  const diff = subtractHistograms(lastAtSchema, prev);
  if (!diff.ok) return incompatible();
  if (diff.customBoundsReconciled) pending.push(['info', customBucketsReconciled('subtraction')]);
  let h = diff.histogram;
  if (isCounter) {
    for (let i = hFrom + 1; i < hTo; i++) {
      const curr = hs[i] as FloatHistogram;
      if (detectReset(curr, prev)) {
        const sum = addHistograms(h, prev);
        if (!sum.ok) return incompatible();
        if (sum.customBoundsReconciled) pending.push(['info', customBucketsReconciled('addition')]);
        h = sum.histogram;
      }
      prev = curr;
    }
  } else if (first.counterResetHint !== 'gauge' || last.counterResetHint !== 'gauge') {
    pending.push(['warning', notGauge(metricName)]);
  }
  return compactHistogram({ ...h, counterResetHint: 'gauge' });
}
