// rate, increase and delta over native histograms with the anchored or smoothed modifier
// (Prometheus's extendedHistogramRate): right edge minus left edge, interpolated at the window
// edges when smoothed, with counter resets between them added back.
import { addHistograms, subtractHistograms } from '../histogram/add';
import { compactHistogram } from '../histogram/compact';
import { detectReset } from '../histogram/detect-reset';
import type { FloatHistogram } from '../histogram/float-histogram';
import { divideHistogram, multiplyHistogram } from '../histogram/scale';
import { upperBound } from './fetched-series';
import { type MixedWindow, usesCustomBuckets } from './mixed-window';
import {
  customBucketsReconciled,
  mixedExponentialCustom,
  notCounter,
  notGauge,
  type RangeNotes,
} from './range-histogram-messages';

/** Exponential and custom buckets met: Prometheus's mixed-schemas warning, no result. */
export class Incompatible extends Error {}

function combine(notes: RangeNotes, a: FloatHistogram, b: FloatHistogram, sign: 1 | -1) {
  const r = sign === 1 ? addHistograms(a, b) : subtractHistograms(a, b);
  if (!r.ok) throw new Incompatible();
  if (r.customBoundsReconciled) {
    notes.note('info', customBucketsReconciled(sign === 1 ? 'addition' : 'subtraction'));
  }
  return r.histogram;
}

/** The value at t between two samples; a counter reset between them restarts from zero. */
export function interpolateHistograms(
  notes: RangeNotes,
  t1: number,
  h1: FloatHistogram,
  t2: number,
  h2: FloatHistogram,
  t: number,
  isCounter: boolean,
): FloatHistogram {
  if (t === t1) return h1;
  if (t === t2) return h2;
  const fraction = (t - t1) / (t2 - t1);
  if (isCounter && detectReset(h2, h1)) return multiplyHistogram(h2, fraction);
  return combine(notes, multiplyHistogram(combine(notes, h2, h1, -1), fraction), h1, 1);
}

export function extendedHistogramRate(
  w: MixedWindow,
  isCounter: boolean,
  isRate: boolean,
  smoothed: boolean,
  notes: RangeNotes,
): FloatHistogram | undefined {
  const { hts, hs, rangeStart, rangeEnd } = w;
  const at = (i: number) => hts[i] as number;
  const h = (i: number) => hs[i] as FloatHistogram;
  let last = w.hTo - 1;
  const first = Math.max(w.hFrom, upperBound(hts, rangeStart, w.hFrom, last) - 1);
  if (smoothed) {
    while (last > w.hFrom && at(last - 1) >= rangeEnd) last--;
  }
  if (at(last) <= rangeStart) return undefined;
  if (smoothed && at(first) > rangeEnd) return undefined;
  const custom = usesCustomBuckets(h(first));
  for (let i = first; i <= last; i++) {
    if (usesCustomBuckets(h(i)) !== custom) {
      notes.note('warning', mixedExponentialCustom(notes.metricName));
      return undefined;
    }
    if (isCounter && h(i).counterResetHint === 'gauge') {
      notes.note('warning', notCounter(notes.metricName));
    }
  }
  try {
    const left =
      smoothed && at(first) < rangeStart
        ? interpolateHistograms(
            notes,
            at(first),
            h(first),
            at(first + 1),
            h(first + 1),
            rangeStart,
            isCounter,
          )
        : h(first);
    const right =
      smoothed && last > w.hFrom && at(last) > rangeEnd
        ? interpolateHistograms(
            notes,
            at(last - 1),
            h(last - 1),
            at(last),
            h(last),
            rangeEnd,
            isCounter,
          )
        : h(last);
    if (!isCounter && (left.counterResetHint !== 'gauge' || right.counterResetHint !== 'gauge')) {
      notes.note('warning', notGauge(notes.metricName));
    }
    let result = combine(notes, right, left, -1);
    if (isCounter) {
      // Samples strictly between the edges, each compared with the one before it.
      let from = first + 1;
      let prev = left;
      if (smoothed && at(first) < rangeStart && detectReset(h(first + 1), h(first))) {
        // The left interpolation already spans that reset.
        prev = h(first + 1);
        from++;
      }
      if (from <= last) {
        for (let i = from; i < last; i++) {
          if (detectReset(h(i), prev)) result = combine(notes, result, prev, 1);
          prev = h(i);
        }
        if (detectReset(right, prev)) result = combine(notes, result, prev, 1);
      }
    }
    if (isRate) result = divideHistogram(result, (rangeEnd - rangeStart) / 1000);
    return compactHistogram({ ...result, counterResetHint: 'gauge' });
  } catch (error) {
    if (!(error instanceof Incompatible)) throw error;
    notes.note('warning', mixedExponentialCustom(notes.metricName));
    return undefined;
  }
}
