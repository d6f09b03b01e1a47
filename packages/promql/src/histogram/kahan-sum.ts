// A running sum of histograms with Kahan compensation per count, as Prometheus's FloatHistogram.KahanAdd
// keeps it for sum and avg: every bucket, the zero count, the count and the sum carry a value and a
// compensation term, and the result is their sum, compacted.
import { kahanInc } from '../evaluate/float-math';
import { addHistograms, combineHints } from './add';
import { exponentialBucketBound } from './bucket-bounds';
import { entriesToSpans, spansToEntries, targetIndex } from './bucket-entries';
import { sameCustomValues } from './equals';
import {
  type CounterResetHint,
  CUSTOM_BUCKETS_SCHEMA,
  type FloatHistogram,
} from './float-histogram';

/** A value and its Kahan compensation. */
interface Term {
  v: number;
  c: number;
}

/** Buckets by index (ascending insertion is not required: indices are sorted when read). */
type Side = Map<number, Term>;

const scratch = new Float64Array(1);

/** term += inc, compensated. */
function addTo(term: Term, inc: number): void {
  scratch[0] = term.c;
  term.v = kahanInc(inc, term.v, scratch);
  term.c = scratch[0] as number;
}

function sideOf(spans: FloatHistogram['positiveSpans'], buckets: number[]): Side {
  const e = spansToEntries(spans, buckets);
  const side: Side = new Map();
  for (let i = 0; i < e.indices.length; i++)
    side.set(e.indices[i] as number, { v: e.counts[i] as number, c: 0 });
  return side;
}

function copySide(side: Side): Side {
  const out: Side = new Map();
  for (const [i, t] of side) out.set(i, { v: t.v, c: t.c });
  return out;
}

/** Merges a side's buckets into the lower-resolution `to`, compensated (kahanReduceResolution). */
function reduceSide(side: Side, from: number, to: number): Side {
  const out: Side = new Map();
  for (const i of [...side.keys()].sort((a, b) => a - b)) {
    const t = side.get(i) as Term;
    const target = targetIndex(i, from, to);
    const into = out.get(target);
    if (!into) out.set(target, { v: t.v, c: t.c });
    else {
      addTo(into, t.v);
      addTo(into, t.c);
    }
  }
  return out;
}

export type KahanAddResult =
  | { ok: true; customBoundsReconciled: boolean }
  /** Exponential against custom buckets: Prometheus's "mix of schemas" warning. */
  | { ok: false };

export class HistogramKahanSum {
  private constructor(
    private hint: CounterResetHint,
    private schema: number,
    private zeroThreshold: number,
    private customValues: number[] | undefined,
    private count: Term,
    private sum: Term,
    private zero: Term,
    private positive: Side,
    private negative: Side,
  ) {}

  static of(h: FloatHistogram): HistogramKahanSum {
    return new HistogramKahanSum(
      h.counterResetHint,
      h.schema,
      h.zeroThreshold,
      h.customValues,
      { v: h.count, c: 0 },
      { v: h.sum, c: 0 },
      { v: h.zeroCount, c: 0 },
      sideOf(h.positiveSpans, h.positiveBuckets),
      sideOf(h.negativeSpans, h.negativeBuckets),
    );
  }

  copy(): HistogramKahanSum {
    return new HistogramKahanSum(
      this.hint,
      this.schema,
      this.zeroThreshold,
      this.customValues,
      { ...this.count },
      { ...this.sum },
      { ...this.zero },
      copySide(this.positive),
      copySide(this.negative),
    );
  }

  /** Adds `h`; on an exponential/custom mix nothing changes and ok is false. */
  add(h: FloatHistogram): KahanAddResult {
    const custom = this.schema === CUSTOM_BUCKETS_SCHEMA;
    if (custom !== (h.schema === CUSTOM_BUCKETS_SCHEMA)) return { ok: false };
    if (custom && !sameCustomValues(this.customValues ?? [], h.customValues ?? [])) {
      // Rare: reconcile on the shared bounds with the library's addition, compensation folded in.
      this.replaceWith(addHistograms(this.value(false), h));
      return { ok: true, customBoundsReconciled: true };
    }
    if (!custom && h.zeroThreshold !== this.zeroThreshold) {
      // Rare: widening a zero bucket moves buckets into it; do it on the folded values.
      this.replaceWith(addHistograms(this.value(false), h));
      return { ok: true, customBoundsReconciled: false };
    }
    this.hint = combineHints(this.hint, h.counterResetHint).hint;
    addTo(this.count, h.count);
    addTo(this.sum, h.sum);
    if (custom) {
      this.addSide(this.positive, sideOf(h.positiveSpans, h.positiveBuckets));
      return { ok: true, customBoundsReconciled: false };
    }
    addTo(this.zero, h.zeroCount);
    let other = [
      sideOf(h.positiveSpans, h.positiveBuckets),
      sideOf(h.negativeSpans, h.negativeBuckets),
    ];
    if (h.schema < this.schema) {
      this.positive = reduceSide(this.positive, this.schema, h.schema);
      this.negative = reduceSide(this.negative, this.schema, h.schema);
      this.schema = h.schema;
    } else if (h.schema > this.schema) {
      other = other.map((s) => reduceSide(s, h.schema, this.schema));
    }
    this.addSide(this.positive, other[0] as Side, true);
    this.addSide(this.negative, other[1] as Side, true);
    return { ok: true, customBoundsReconciled: false };
  }

  /** Adds `other`'s buckets; with `skipZero`, its leading ones inside the zero bucket are already counted. */
  private addSide(into: Side, other: Side, skipZero = false): void {
    let skipping = skipZero;
    for (const i of [...other.keys()].sort((a, b) => a - b)) {
      if (skipping && exponentialBucketBound(i, this.schema) <= this.zeroThreshold) continue;
      skipping = false;
      const t = other.get(i) as Term;
      const term = into.get(i);
      if (!term) into.set(i, { v: t.v, c: t.c });
      else {
        addTo(term, t.v);
        if (t.c !== 0) addTo(term, t.c);
      }
    }
  }

  private replaceWith(r: ReturnType<typeof addHistograms>): void {
    if (!r.ok) return;
    const next = HistogramKahanSum.of(r.histogram);
    Object.assign(this, next);
  }

  /** Multiplies values and compensations (Prometheus's Mul on both histograms). */
  multiply(factor: number): void {
    this.each((t) => {
      t.v *= factor;
      t.c *= factor;
    });
  }

  /** Divides values and compensations (Prometheus's Div on both histograms). */
  divide(divisor: number): void {
    this.each((t) => {
      t.v /= divisor;
      t.c /= divisor;
    });
  }

  /** Whether a count or the sum has overflowed to ±Inf (the mean then switches to incremental). */
  hasOverflow(): boolean {
    let overflow = false;
    this.each((t) => {
      if (t.v === Number.POSITIVE_INFINITY || t.v === Number.NEGATIVE_INFINITY) overflow = true;
    });
    return overflow;
  }

  private each(fn: (t: Term) => void): void {
    fn(this.count);
    fn(this.sum);
    fn(this.zero);
    for (const t of this.positive.values()) fn(t);
    for (const t of this.negative.values()) fn(t);
  }

  /** The sum: values plus compensations; `compact` drops empty buckets as Compact(0) does. */
  value(compact = true): FloatHistogram {
    const side = (s: Side) => {
      const indices: number[] = [];
      const counts: number[] = [];
      for (const i of [...s.keys()].sort((a, b) => a - b)) {
        const t = s.get(i) as Term;
        const n = t.v + t.c;
        if (compact && n === 0) continue;
        indices.push(i);
        counts.push(n);
      }
      return entriesToSpans(indices, counts);
    };
    const positive = side(this.positive);
    const negative = side(this.negative);
    const h: FloatHistogram = {
      counterResetHint: this.hint,
      schema: this.schema,
      zeroThreshold: this.zeroThreshold,
      zeroCount: this.zero.v + this.zero.c,
      count: this.count.v + this.count.c,
      sum: this.sum.v + this.sum.c,
      positiveSpans: positive.spans,
      positiveBuckets: positive.buckets,
      negativeSpans: negative.spans,
      negativeBuckets: negative.buckets,
    };
    if (this.customValues) h.customValues = this.customValues;
    return h;
  }
}
