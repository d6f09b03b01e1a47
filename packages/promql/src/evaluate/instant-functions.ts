// Functions applied to one step's instant vectors: math, clamp, round, dates, sort, absent and
// classic-histogram quantiles. Each returns the output vector for the step.
import { type Labels, labelsKey, sortLabels } from '../labels';
import { invalidQuantileMessage } from './annotations';
import { type Bucket, bucketFraction, bucketQuantile } from './histogram-buckets';
import { dateParts, type ValueFunction, valueFunctions } from './value-functions';
import type { Sample, Vector } from './values';

export interface StepArgs {
  /** Evaluated vector (or scalar as a one-sample vector) arguments, in order. */
  readonly vectors: Vector[];
  readonly t: number;
  /** The string argument of histogram_quantiles. */
  readonly labelName?: string;
  /** Reports an annotation about argument i. */
  readonly annotate?: (argIndex: number, kind: 'warning' | 'info', message: string) => void;
}

/** Floats as OpenMetrics writes them in labels: 0.0, 0.25, 1.0, +Inf. */
export function formatOpenMetricsFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  const s = String(f);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

export type InstantFunction = (args: StepArgs) => Vector;

/** The per-value functions, applied to one step's vector. */
function fromValueFunction(fn: ValueFunction): InstantFunction {
  return (a) => {
    const params = a.vectors.slice(1).map((v) => v[0]?.f ?? Number.NaN);
    const out: Vector = [];
    for (const s of a.vectors[0] as Vector) {
      const f = fn(s.f, params);
      if (f !== undefined) out.push({ metric: s.metric, f, t: s.t, dropName: true });
    }
    return out;
  };
}

function scalarArg(args: StepArgs, i: number): number {
  return args.vectors[i]?.[0]?.f ?? Number.NaN;
}

/** Date functions read sample values as Unix seconds, or the step time without an argument. */
function dateFunction(name: string): InstantFunction {
  const part = dateParts[name] as (d: Date) => number;
  const ofValues = fromValueFunction(valueFunctions[name] as ValueFunction);
  return (args) => {
    if (args.vectors.length > 0) return ofValues(args);
    return [
      {
        metric: [],
        f: part(new Date(Math.floor(args.t / 1000) * 1000)),
        t: args.t,
        dropName: false,
      },
    ];
  };
}

function histogramGroups(a: StepArgs, argIndex: number): { metric: Labels; buckets: Bucket[] }[] {
  const vec = a.vectors[argIndex] as Vector;
  const groups = new Map<string, { metric: Labels; buckets: Bucket[] }>();
  for (const s of vec) {
    const le = s.metric.find((l) => l.name === 'le')?.value;
    const upperBound = le === undefined ? Number.NaN : parseGoFloat(le);
    if (Number.isNaN(upperBound) && le?.toLowerCase() !== 'nan') {
      const name = s.metric.find((l) => l.name === '__name__')?.value;
      a.annotate?.(
        argIndex,
        'warning',
        `bucket label "le" is missing or has a malformed value of ${JSON.stringify(le ?? '')}${name ? ` for metric name ${JSON.stringify(name)}` : ''}`,
      );
      continue;
    }
    const metric = s.metric.filter((l) => l.name !== 'le');
    const key = labelsKey(metric);
    let g = groups.get(key);
    if (!g) {
      g = { metric, buckets: [] };
      groups.set(key, g);
    }
    g.buckets.push({ upperBound, count: s.f });
  }
  return [...groups.values()];
}

/** strconv.ParseFloat for bucket bounds: accepts Inf spellings and hex; NaN when unparsable. */
export function parseGoFloat(text: string): number {
  const t = text.trim();
  if (/^[+]?inf(inity)?$/i.test(t)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(t)) return Number.NEGATIVE_INFINITY;
  if (/^[+-]?nan$/i.test(t)) return Number.NaN;
  if (t === '' || !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(t.replaceAll('_', '')))
    return Number.NaN;
  return Number(t);
}

function forcedMonotonicity(metric: Labels): string {
  const name = metric.find((l) => l.name === '__name__')?.value;
  return `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)${name ? ` for metric name ${JSON.stringify(name)}` : ''}`;
}

function sortBy(compare: (a: Sample, b: Sample) => number): InstantFunction {
  return ({ vectors }) => (vectors[0] as Vector).slice().sort(compare);
}

function compareValues(a: Sample, b: Sample, desc: boolean): number {
  // NaN sorts last in both directions.
  const an = Number.isNaN(a.f);
  const bn = Number.isNaN(b.f);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return desc ? b.f - a.f : a.f - b.f;
}

export const instantFunctions: Readonly<Record<string, InstantFunction>> = {
  ...Object.fromEntries(
    Object.entries(valueFunctions).map(([name, fn]) => [
      name,
      name in dateParts ? dateFunction(name) : fromValueFunction(fn),
    ]),
  ),
  pi: (a) => [{ metric: [], f: Math.PI, t: a.t, dropName: false }],
  time: (a) => [{ metric: [], f: a.t / 1000, t: a.t, dropName: false }],
  vector: (a) => [{ metric: [], f: scalarArg(a, 0), t: a.t, dropName: false }],
  scalar: (a) => {
    const v = a.vectors[0] as Vector;
    return [
      { metric: [], f: v.length === 1 ? (v[0] as Sample).f : Number.NaN, t: a.t, dropName: false },
    ];
  },
  timestamp: ({ vectors }) =>
    (vectors[0] as Vector).map((s) => ({
      metric: s.metric,
      f: s.t / 1000,
      t: s.t,
      dropName: true,
    })),
  sort: sortBy((a, b) => compareValues(a, b, false)),
  sort_desc: sortBy((a, b) => compareValues(a, b, true)),
  histogram_quantile: (a) => {
    const q = scalarArg(a, 0);
    const invalid = invalidQuantileMessage(q);
    if (invalid) a.annotate?.(0, 'warning', invalid);
    return histogramGroups(a, 1)
      .filter((g) => g.buckets.length > 0)
      .map((g) => ({
        metric: g.metric,
        f: bucketQuantile(q, g.buckets, () =>
          a.annotate?.(1, 'info', forcedMonotonicity(g.metric)),
        ),
        t: a.t,
        dropName: true,
      }));
  },
  histogram_quantiles: (a) => {
    // Arguments: vector, label name (passed as the quantile label by the evaluator), quantiles...
    const label = a.labelName ?? 'quantile';
    const groups = histogramGroups(a, 0).filter((g) => g.buckets.length > 0);
    const out: Vector = [];
    for (let i = 2; i < a.vectors.length; i++) {
      const q = scalarArg(a, i);
      const invalid = invalidQuantileMessage(q);
      if (invalid) a.annotate?.(i, 'warning', invalid);
      const qText = formatOpenMetricsFloat(q);
      for (const g of groups) {
        const metric = sortLabels([
          ...g.metric.filter((l) => l.name !== label),
          { name: label, value: qText },
        ]);
        out.push({
          metric,
          f: bucketQuantile(
            q,
            g.buckets.map((b) => ({ ...b })),
            () => a.annotate?.(0, 'info', forcedMonotonicity(g.metric)),
          ),
          t: a.t,
          dropName: true,
        });
      }
    }
    return out;
  },
  histogram_fraction: (a) => {
    const lower = scalarArg(a, 0);
    const upper = scalarArg(a, 1);
    return histogramGroups(a, 2)
      .filter((g) => g.buckets.length > 0)
      .map((g) => ({
        metric: g.metric,
        f: bucketFraction(lower, upper, g.buckets),
        t: a.t,
        dropName: true,
      }));
  },
  // Native-histogram functions: no float input yields output.
  histogram_avg: () => [],
  histogram_count: () => [],
  histogram_sum: () => [],
  histogram_stddev: () => [],
  histogram_stdvar: () => [],
};
