// Aggregation operators (sum, avg, count, min, max, group, stddev, stdvar, quantile, topk, bottomk,
// limitk, limit_ratio, count_values) over one step's vector, grouped by/without labels.
import type { AggregateExpr } from '../ast';
import { executionError } from '../errors';
import { type Label, type Labels, labelsKey, metricNameLabel, sortLabels } from '../labels';
import type { Annotations } from './annotations';
import { formatFloatPlain, kahanInc, quantileOf } from './float-math';
import {
  addHistogram,
  counterResetCollisionMessage,
  finishHistogram,
  type HistogramAggregate,
  ignoredHistogramMessage,
  mismatchedCustomBucketsMessage,
  mixedExponentialCustomMessage,
  mixedFloatsHistogramsMessage,
  startHistogramAggregate,
} from './histogram-aggregation';
import { histogramString } from './histogram-string';
import type { Sample, Vector } from './values';
import { xxhash64 } from './xxhash64';

interface Group {
  metric: Labels;
  count: number;
  value: number;
  mean: number;
  kahan: Float64Array;
  incrementalMean: boolean;
  dropName: boolean;
  values: number[];
  samples: Sample[];
  /** sum and avg: a float was aggregated (a group with floats and histograms is dropped). */
  hasFloat: boolean;
  /** sum and avg: set once a histogram is aggregated. */
  hist?: HistogramAggregate;
  /** Exponential and custom-bucket histograms met: the group is dropped. */
  incompatible: boolean;
}

/** Computes output labels and group keys for a grouping clause, caching per input label set. */
export class Grouper {
  private readonly names: Set<string>;
  private readonly cache = new Map<Labels, { key: string; metric: Labels }>();
  constructor(
    grouping: readonly string[],
    private readonly without: boolean,
  ) {
    this.names = new Set(without ? [...grouping, metricNameLabel] : grouping);
  }

  group(labels: Labels): { key: string; metric: Labels } {
    let g = this.cache.get(labels);
    if (!g) {
      const metric = labels.filter((l) => this.names.has(l.name) !== this.without);
      g = { key: labelsKey(metric), metric };
      this.cache.set(labels, g);
    }
    return g;
  }
}

export function aggregateStep(
  e: AggregateExpr,
  vec: Vector,
  param: number,
  grouper: Grouper,
  t: number,
  annotations?: Annotations,
): Vector {
  switch (e.op) {
    case 'topk':
    case 'bottomk':
    case 'limitk':
    case 'limit_ratio':
      return aggregateK(e, vec, param, grouper, annotations);
    default:
      return aggregateSimple(e, vec, param, grouper, t, annotations);
  }
}

/** topk and bottomk ignore histograms, with an info (about the whole aggregation, as Prometheus). */
function floatsOnly(e: AggregateExpr, vec: Vector, annotations?: Annotations): Vector {
  if (!vec.some((s) => s.h)) return vec;
  annotations?.add('info', ignoredHistogramMessage(e.op), e);
  return vec.filter((s) => !s.h);
}

/** Ops that ignore histograms (with an info); sum, avg, count and group take them. */
const floatOnlyOps: ReadonlySet<string> = new Set(['min', 'max', 'stddev', 'stdvar', 'quantile']);

function aggregateSimple(
  e: AggregateExpr,
  vec: Vector,
  q: number,
  grouper: Grouper,
  t: number,
  annotations?: Annotations,
): Vector {
  const groups = new Map<string, Group>();
  const order: Group[] = [];
  const op = e.op;
  for (const s of vec) {
    if (s.h && floatOnlyOps.has(op)) {
      annotations?.add('info', ignoredHistogramMessage(op), e.expr);
      if (s.dropName) {
        const g = groups.get(grouper.group(s.metric).key);
        if (g && !g.incompatible) g.dropName = true;
      }
      continue;
    }
    const { key, metric } = grouper.group(s.metric);
    const f = s.f;
    let g = groups.get(key);
    if (!g) {
      g = {
        metric,
        count: 1,
        value: f,
        mean: f,
        kahan: new Float64Array(1),
        incrementalMean: false,
        dropName: s.dropName,
        values: e.op === 'quantile' ? [f] : [],
        samples: [],
        hasFloat: !s.h,
        incompatible: false,
      };
      if (s.h && (op === 'sum' || op === 'avg')) g.hist = startHistogramAggregate(s.h);
      if (e.op === 'stddev' || e.op === 'stdvar') g.value = Number.isFinite(f) ? 0 : Number.NaN;
      if (e.op === 'group') g.value = 1;
      groups.set(key, g);
      order.push(g);
      continue;
    }
    if (g.incompatible) continue;
    if (s.dropName) g.dropName = true;
    if (s.h && (op === 'sum' || op === 'avg')) {
      if (op === 'avg') g.count++;
      g.hist ??= startHistogramAggregate(undefined);
      const outcome = addHistogram(g.hist, s.h, op, g.count);
      if (outcome === 'incompatible') {
        const name = s.metric.find((l) => l.name === metricNameLabel)?.value ?? '';
        annotations?.add('warning', mixedExponentialCustomMessage(name), e.expr);
        g.incompatible = true;
      } else if (outcome === 'reconciled') {
        annotations?.add('info', mismatchedCustomBucketsMessage, e.expr);
      }
      continue;
    }
    switch (e.op) {
      case 'sum':
        g.hasFloat = true;
        g.value = kahanInc(f, g.value, g.kahan);
        break;
      case 'avg':
        g.hasFloat = true;
        g.count++;
        if (!g.incrementalMean) {
          const c = g.kahan[0] as number;
          const next = kahanInc(f, g.value, g.kahan);
          if (Number.isFinite(next) || Number.isNaN(next)) {
            g.value = next;
            break;
          }
          // The sum overflowed: continue with an incremental mean instead.
          g.kahan[0] = c;
          g.incrementalMean = true;
          g.mean = g.value / (g.count - 1);
          g.kahan[0] = c / (g.count - 1);
        }
        {
          const q2 = (g.count - 1) / g.count;
          g.kahan[0] = (g.kahan[0] as number) * q2;
          g.mean = kahanInc(f / g.count, q2 * g.mean, g.kahan);
        }
        break;
      case 'max':
        if (g.value < f || Number.isNaN(g.value)) g.value = f;
        break;
      case 'min':
        if (g.value > f || Number.isNaN(g.value)) g.value = f;
        break;
      case 'count':
        g.count++;
        break;
      case 'group':
        break;
      case 'stddev':
      case 'stdvar': {
        g.count++;
        const delta = f - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (f - g.mean);
        break;
      }
      case 'quantile':
        g.values.push(f);
        break;
      case 'count_values':
        break;
    }
  }
  const out: Vector = [];
  for (const g of order) {
    if (g.hist && (op === 'sum' || op === 'avg')) {
      if (g.hasFloat) {
        annotations?.add('warning', mixedFloatsHistogramsMessage, e.expr);
        continue;
      }
      if (g.incompatible) continue;
      const h = finishHistogram(g.hist, op, g.count);
      if (g.hist.resetSeen && g.hist.notResetSeen)
        annotations?.add('warning', counterResetCollisionMessage, e.expr);
      if (h) out.push({ metric: g.metric, f: 0, h, t, dropName: g.dropName });
      continue;
    }
    let f = g.value;
    switch (e.op) {
      case 'sum':
        if (Number.isFinite(f)) f += g.kahan[0] as number;
        break;
      case 'avg':
        if (g.incrementalMean) f = g.mean + (g.kahan[0] as number);
        else if (Number.isFinite(g.value)) f = g.value / g.count + (g.kahan[0] as number) / g.count;
        else f = g.value / g.count;
        break;
      case 'count':
        f = g.count;
        break;
      case 'stdvar':
        f = g.value / g.count;
        break;
      case 'stddev':
        f = Math.sqrt(g.value / g.count);
        break;
      case 'quantile':
        f = quantileOf(q, g.values);
        break;
    }
    out.push({ metric: g.metric, f, t, dropName: g.dropName });
  }
  return out;
}

function aggregateK(
  e: AggregateExpr,
  input: Vector,
  param: number,
  grouper: Grouper,
  annotations?: Annotations,
): Vector {
  let vec = input;
  if (e.op === 'limit_ratio') {
    if (Number.isNaN(param)) throw executionError(`Ratio value is NaN`);
    const ratio = Math.max(-1, Math.min(1, param));
    return vec.filter((s) => ratioSelects(ratio, s.metric));
  }
  if (Number.isNaN(param)) throw executionError('Parameter value is NaN');
  if (Math.abs(param) > 2 ** 63) {
    throw executionError(`Scalar value ${param} overflows int64`);
  }
  const k = Math.trunc(param);
  if (k < 1) return [];
  if (e.op !== 'limitk') vec = floatsOnly(e, vec, annotations);
  const groups = new Map<string, Sample[]>();
  const order: Sample[][] = [];
  for (const s of vec) {
    const { key } = grouper.group(s.metric);
    let g = groups.get(key);
    if (!g) {
      g = [];
      groups.set(key, g);
      order.push(g);
    }
    g.push(s);
  }
  const out: Vector = [];
  for (const g of order) {
    if (e.op === 'limitk') {
      out.push(...g.slice(0, k));
      continue;
    }
    const top = e.op === 'topk';
    // NaN is never preferred; otherwise larger (topk) or smaller (bottomk) first; ties keep input order.
    const compare = (a: Sample, b: Sample) => {
      const an = Number.isNaN(a.f);
      const bn = Number.isNaN(b.f);
      if (an || bn) return an === bn ? 0 : an ? 1 : -1;
      return top ? b.f - a.f : a.f - b.f;
    };
    if (k >= g.length) {
      out.push(...g.slice().sort(compare));
      continue;
    }
    // The k best so far, in order: one insertion per sample instead of sorting the whole group.
    const best: Sample[] = [];
    for (const s of g) {
      if (best.length === k && compare(s, best[k - 1] as Sample) >= 0) continue;
      let i = best.length;
      while (i > 0 && compare(s, best[i - 1] as Sample) < 0) i--;
      best.splice(i, 0, s);
      if (best.length > k) best.pop();
    }
    out.push(...best);
  }
  return out;
}

/** limit_ratio keeps a sample when the hash of its labels falls within the ratio (stable over time). */
function ratioSelects(ratio: number, labels: Labels): boolean {
  const offset = labelHashFraction(labels);
  return ratio >= 0 ? offset < ratio : offset >= 1 + ratio;
}

const hashFractions = new WeakMap<Labels, number>();

/** Prometheus's Labels.Hash() (XXH64 of its length-prefixed encoding) scaled to [0, 1]. */
function labelHashFraction(labels: Labels): number {
  let f = hashFractions.get(labels);
  if (f === undefined) {
    const bytes: number[] = [];
    const encoder = new TextEncoder();
    const put = (text: string) => {
      const b = encoder.encode(text);
      if (b.length < 255) bytes.push(b.length);
      else bytes.push(255, b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff);
      for (const x of b) bytes.push(x);
    };
    for (const l of labels) {
      put(l.name);
      put(l.value);
    }
    f = Number(xxhash64(Uint8Array.from(bytes))) / 2 ** 64;
    hashFractions.set(labels, f);
  }
  return f;
}

/** count_values: counts samples per distinct value, the value becoming a label. */
export function countValuesStep(
  e: AggregateExpr,
  vec: Vector,
  labelName: string,
  t: number,
): Vector {
  const groups = new Map<string, Sample>();
  const order: Sample[] = [];
  const names = new Set(e.without ? [...e.grouping, metricNameLabel] : e.grouping);
  for (const s of vec) {
    const value = s.h ? histogramString(s.h) : formatFloatPlain(s.f);
    const base: Label[] = s.metric.filter(
      (l) => names.has(l.name) !== e.without && l.name !== labelName,
    );
    base.push({ name: labelName, value });
    const metric = sortLabels(base);
    const key = labelsKey(metric);
    const g = groups.get(key);
    if (g) g.f++;
    else {
      const sample = { metric, f: 1, t, dropName: false };
      groups.set(key, sample);
      order.push(sample);
    }
  }
  return order;
}
