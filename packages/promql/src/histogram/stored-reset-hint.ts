// The counter-reset hint a histogram sample reads back with from Prometheus's TSDB. A chunk's later
// samples read as `not-reset`; its first reads as `unknown` (Prometheus cannot be sure the previous
// chunk is still there: prometheus/prometheus#15346), gauges as `gauge`. A new chunk starts at a
// detected or hinted reset, a layout change, or after a float or gauge sample. Query results show
// these hints and PromQL trusts them (rate, sum's collisions), so a storage that answers as
// Prometheus does assigns them as its samples arrive.

import { countsDecreased } from './detect-reset';
import { sameCustomValues } from './equals';
import {
  type CounterResetHint,
  CUSTOM_BUCKETS_SCHEMA,
  type FloatHistogram,
} from './float-histogram';

/**
 * The hint `h` is stored with, given the series' previous sample: a histogram, or undefined when
 * there was none or it was a float.
 */
export function storedResetHint(
  h: FloatHistogram,
  previous: FloatHistogram | undefined,
): CounterResetHint {
  if (h.counterResetHint === 'gauge') return 'gauge';
  return startsChunk(h, previous) ? 'unknown' : 'not-reset';
}

function startsChunk(h: FloatHistogram, previous: FloatHistogram | undefined): boolean {
  if (h.counterResetHint === 'reset') return true;
  if (!previous || previous.counterResetHint === 'gauge') return true;
  if (h.count < previous.count) return true;
  if (h.schema !== previous.schema || h.zeroThreshold !== previous.zeroThreshold) return true;
  if (
    h.schema === CUSTOM_BUCKETS_SCHEMA &&
    !sameCustomValues(h.customValues ?? [], previous.customValues ?? [])
  )
    return true;
  return countsDecreased(h, previous);
}

/**
 * A series' histograms with the hints they read back with, for a storage that keeps the hints as
 * received (OTLP sends `unknown`): each compared with the histogram before it unless a float sample
 * (a staleness marker too) came between. `floatTimes` ascending.
 */
export function withStoredResetHints(
  times: ArrayLike<number>,
  histograms: readonly FloatHistogram[],
  floatTimes: ArrayLike<number>,
): FloatHistogram[] {
  return storeResetHints(times, histograms, floatTimes, false);
}

/**
 * withStoredResetHints for histograms nobody else holds (just decoded): their hints are set in
 * place, with no copy of each sample.
 */
export function assignStoredResetHints(
  times: ArrayLike<number>,
  histograms: FloatHistogram[],
  floatTimes: ArrayLike<number>,
): FloatHistogram[] {
  return storeResetHints(times, histograms, floatTimes, true);
}

function storeResetHints(
  times: ArrayLike<number>,
  histograms: readonly FloatHistogram[],
  floatTimes: ArrayLike<number>,
  inPlace: boolean,
): FloatHistogram[] {
  const out: FloatHistogram[] = inPlace
    ? (histograms as FloatHistogram[])
    : new Array(histograms.length);
  let f = 0;
  for (let i = 0; i < histograms.length; i++) {
    const t = times[i] as number;
    let floatBetween = false;
    while (f < floatTimes.length && (floatTimes[f] as number) < t) {
      floatBetween = true;
      f++;
    }
    const h = histograms[i] as FloatHistogram;
    const previous = i > 0 && !floatBetween ? (histograms[i - 1] as FloatHistogram) : undefined;
    const hint = storedResetHint(h, previous);
    if (hint === h.counterResetHint) out[i] = h;
    else if (inPlace) h.counterResetHint = hint;
    else out[i] = { ...h, counterResetHint: hint };
  }
  return out;
}
