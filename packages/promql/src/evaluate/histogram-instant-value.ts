// irate and idelta over a window that may hold native histograms: the last two samples, floats and
// histograms alike (Prometheus's instantValue). Two histograms give a histogram; a float and a
// histogram give nothing but a warning.
import { subtractHistograms } from '../histogram/add';
import { compactHistogram } from '../histogram/compact';
import { detectReset } from '../histogram/detect-reset';
import type { FloatHistogram } from '../histogram/float-histogram';
import { divideHistogram } from '../histogram/scale';
import type { MixedValue, MixedWindow } from './mixed-window';
import {
  customBucketsReconciled,
  mixedExponentialCustom,
  mixedFloatsHistograms,
  notCounter,
  notGauge,
  type RangeNotes,
} from './range-histogram-messages';

interface Point {
  t: number;
  f: number;
  h: FloatHistogram | undefined;
}

/** The last two samples in time order; floats sort before histograms at the same time. */
function lastTwo(w: MixedWindow): [Point, Point] | undefined {
  const points: Point[] = [];
  for (let i = Math.max(w.from, w.to - 2); i < w.to; i++) {
    points.push({ t: w.ts[i] as number, f: w.vs[i] as number, h: undefined });
  }
  for (let i = Math.max(w.hFrom, w.hTo - 2); i < w.hTo; i++) {
    points.push({ t: w.hts[i] as number, f: 0, h: w.hs[i] });
  }
  if (points.length < 2) return undefined;
  points.sort((a, b) => a.t - b.t);
  return [points[points.length - 2] as Point, points[points.length - 1] as Point];
}

export function mixedInstantValue(w: MixedWindow, isRate: boolean, notes: RangeNotes): MixedValue {
  const pair = lastTwo(w);
  if (!pair) return undefined;
  const [prev, last] = pair;
  const interval = last.t - prev.t;
  if (interval === 0) return undefined;
  if (!prev.h && !last.h) {
    let result = last.f;
    if (!isRate || !(last.f < prev.f)) result = last.f - prev.f;
    return isRate ? result / (interval / 1000) : result;
  }
  if (!prev.h || !last.h) {
    notes.note('warning', mixedFloatsHistograms(notes.metricName));
    return undefined;
  }
  const gauge = (h: FloatHistogram) => h.counterResetHint === 'gauge';
  if (isRate && (gauge(last.h) || gauge(prev.h))) {
    notes.note('warning', notCounter(notes.metricName));
  }
  if (!isRate && !(gauge(last.h) && gauge(prev.h))) {
    notes.note('warning', notGauge(notes.metricName));
  }
  let result = last.h;
  if (!isRate || !detectReset(last.h, prev.h)) {
    const diff = subtractHistograms(last.h, prev.h);
    if (!diff.ok) {
      notes.note('warning', mixedExponentialCustom(notes.metricName));
      return undefined;
    }
    if (diff.customBoundsReconciled) notes.note('info', customBucketsReconciled('subtraction'));
    result = diff.histogram;
  }
  result = compactHistogram({ ...result, counterResetHint: 'gauge' });
  return isRate ? divideHistogram(result, interval / 1000) : result;
}
