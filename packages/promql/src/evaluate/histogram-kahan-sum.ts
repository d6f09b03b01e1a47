// A running sum of histograms with Kahan-Neumaier compensation, as Prometheus's KahanAdd gives
// sum_over_time and avg_over_time. The sum itself is the plain sum (addHistograms decides layout,
// schema and hint); beside it, compensation terms for count, sum, zero count and each bucket index
// are kept and added at the end. When the layout changes under the sum (schema, zero bucket or
// custom bounds), bucket compensations are dropped: they no longer name the same buckets.
import { addHistograms } from '../histogram/add';
import { spansToEntries } from '../histogram/bucket-entries';
import { sameCustomValues } from '../histogram/equals';
import type { BucketSpan, FloatHistogram } from '../histogram/float-histogram';
import { divideHistogram, multiplyHistogram } from '../histogram/scale';

/** The compensation of adding `inc` to `sum` (Neumaier's variant, reset on overflow). */
function compensation(inc: number, sum: number): number {
  const t = sum + inc;
  if (t === Number.POSITIVE_INFINITY || t === Number.NEGATIVE_INFINITY) return Number.NaN;
  return Math.abs(sum) >= Math.abs(inc) ? sum - t + inc : inc - t + sum;
}

function indexMap(spans: readonly BucketSpan[], buckets: readonly number[]): Map<number, number> {
  const e = spansToEntries(spans, buckets);
  return new Map(e.indices.map((index, i) => [index, e.counts[i] as number]));
}

class Compensation {
  count = 0;
  sum = 0;
  zeroCount = 0;
  positive = new Map<number, number>();
  negative = new Map<number, number>();

  /** Adds one term; an overflowing sum drops the compensation, as Prometheus does. */
  static add(current: number, term: number): number {
    return Number.isNaN(term) ? 0 : current + term;
  }
}

export class HistogramKahanSum {
  private c = new Compensation();

  constructor(public sum: FloatHistogram) {}

  /** Adds `h`; false when exponential and custom buckets meet. Reports reconciled bounds. */
  add(h: FloatHistogram): { ok: boolean; reconciled: boolean } {
    const before = this.sum;
    const next = addHistograms(before, h);
    if (!next.ok) return { ok: false, reconciled: false };
    const c = this.c;
    c.count = Compensation.add(c.count, compensation(h.count, before.count));
    c.sum = Compensation.add(c.sum, compensation(h.sum, before.sum));
    const sameLayout =
      before.schema === h.schema &&
      before.zeroThreshold === h.zeroThreshold &&
      sameCustomValues(before.customValues ?? [], h.customValues ?? []);
    if (sameLayout) {
      c.zeroCount = Compensation.add(c.zeroCount, compensation(h.zeroCount, before.zeroCount));
      const sides: [Map<number, number>, BucketSpan[], number[], BucketSpan[], number[]][] = [
        [
          c.positive,
          before.positiveSpans,
          before.positiveBuckets,
          h.positiveSpans,
          h.positiveBuckets,
        ],
        [
          c.negative,
          before.negativeSpans,
          before.negativeBuckets,
          h.negativeSpans,
          h.negativeBuckets,
        ],
      ];
      for (const [comp, spans, buckets, otherSpans, otherBuckets] of sides) {
        const current = indexMap(spans, buckets);
        for (const [index, inc] of indexMap(otherSpans, otherBuckets)) {
          const term = compensation(inc, current.get(index) ?? 0);
          comp.set(index, Compensation.add(comp.get(index) ?? 0, term));
        }
      }
    } else {
      c.zeroCount = 0;
      c.positive.clear();
      c.negative.clear();
    }
    this.sum = next.histogram;
    return { ok: true, reconciled: next.customBoundsReconciled };
  }

  /** Multiplies the sum and its compensation (the incremental mean's weighting). */
  scale(factor: number): void {
    this.sum = multiplyHistogram(this.sum, factor);
    this.eachTerm((v) => v * factor);
  }

  /** Divides the sum and its compensation (a mean). */
  divide(divisor: number): void {
    this.sum = divideHistogram(this.sum, divisor);
    this.eachTerm((v) => v / divisor);
  }

  private eachTerm(f: (v: number) => number): void {
    const c = this.c;
    c.count = f(c.count);
    c.sum = f(c.sum);
    c.zeroCount = f(c.zeroCount);
    for (const m of [c.positive, c.negative]) for (const [k, v] of m) m.set(k, f(v));
  }

  /** The compensated sum. */
  result(): FloatHistogram {
    const h = this.sum;
    const c = this.c;
    const compensate = (spans: BucketSpan[], buckets: number[], comp: Map<number, number>) => {
      if (comp.size === 0) return buckets;
      const e = spansToEntries(spans, buckets);
      return e.indices.map((index, i) => (e.counts[i] as number) + (comp.get(index) ?? 0));
    };
    return {
      ...h,
      count: h.count + c.count,
      sum: h.sum + c.sum,
      zeroCount: h.zeroCount + c.zeroCount,
      positiveBuckets: compensate(h.positiveSpans, h.positiveBuckets, c.positive),
      negativeBuckets: compensate(h.negativeSpans, h.negativeBuckets, c.negative),
    };
  }
}
