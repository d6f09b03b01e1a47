// sum and avg of native histograms within one aggregation group, as Prometheus's aggregation does:
// Kahan-compensated sums, a direct mean that turns incremental once the sum overflows, the counter
// reset hints seen (a reset beside a not-reset is warned about), and the messages it words.

import { compactHistogram } from '../histogram/compact';
import type { FloatHistogram } from '../histogram/float-histogram';
import { HistogramKahanSum } from '../histogram/kahan-sum';
import { divideHistogram } from '../histogram/scale';

export interface HistogramAggregate {
  /** The group's first histogram; unset when it began with a float (it is then dropped as mixed). */
  first?: FloatHistogram;
  /** The running sum, from the second histogram on (most groups of a `by` hold one series). */
  sum?: HistogramKahanSum;
  /** avg's incremental mean, once the direct sum would overflow. */
  mean?: HistogramKahanSum;
  resetSeen: boolean;
  notResetSeen: boolean;
}

export type HistogramAddOutcome = 'ok' | 'reconciled' | 'incompatible';

export function startHistogramAggregate(h: FloatHistogram | undefined): HistogramAggregate {
  const agg: HistogramAggregate = { resetSeen: false, notResetSeen: false };
  if (h) {
    agg.first = h;
    noteHint(agg, h);
  }
  return agg;
}

function noteHint(agg: HistogramAggregate, h: FloatHistogram): void {
  if (h.counterResetHint === 'reset') agg.resetSeen = true;
  else if (h.counterResetHint === 'not-reset') agg.notResetSeen = true;
}

/** Adds `h` to a sum or avg group already holding `count` samples, this one included. */
export function addHistogram(
  agg: HistogramAggregate,
  h: FloatHistogram,
  op: 'sum' | 'avg',
  count: number,
): HistogramAddOutcome {
  if (!agg.first) return 'ok';
  agg.sum ??= HistogramKahanSum.of(agg.first);
  noteHint(agg, h);
  if (op === 'sum') return outcome(agg.sum.add(h));
  let reconciled = false;
  if (!agg.mean) {
    const trial = agg.sum.copy();
    const r = trial.add(h);
    if (!r.ok) return 'incompatible';
    reconciled = r.customBoundsReconciled;
    if (!trial.hasOverflow()) {
      agg.sum = trial;
      return reconciled ? 'reconciled' : 'ok';
    }
    // The direct sum would overflow: continue with an incremental mean.
    agg.mean = agg.sum.copy();
    agg.mean.divide(count - 1);
  }
  agg.mean.multiply((count - 1) / count);
  const r = outcome(agg.mean.add(divideHistogram(h, count)));
  return r === 'ok' && reconciled ? 'reconciled' : r;
}

function outcome(r: { ok: boolean; customBoundsReconciled?: boolean }): HistogramAddOutcome {
  if (!r.ok) return 'incompatible';
  return r.customBoundsReconciled ? 'reconciled' : 'ok';
}

/** The group's result: the compacted sum, or the mean of `count` histograms. */
export function finishHistogram(
  agg: HistogramAggregate,
  op: 'sum' | 'avg',
  count: number,
): FloatHistogram | undefined {
  if (op === 'avg' && agg.mean) return agg.mean.value();
  if (!agg.first) return undefined;
  if (!agg.sum) return compactHistogram(agg.first, 0);
  if (op === 'avg') agg.sum.divide(count);
  return agg.sum.value();
}

export const mixedFloatsHistogramsMessage =
  'encountered a mix of histograms and floats for aggregation';
export const counterResetCollisionMessage =
  'conflicting counter resets during histogram aggregation';
export const mismatchedCustomBucketsMessage =
  'mismatched custom buckets were reconciled during aggregation';

export function ignoredHistogramMessage(op: string): string {
  return `ignored histogram in ${op} aggregation`;
}

export function mixedExponentialCustomMessage(metricName: string): string {
  return `vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(metricName)}`;
}
