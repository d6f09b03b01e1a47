// histogram_quantile(s), histogram_fraction and the native-histogram statistics (count, sum, avg,
// stddev, stdvar) at one step. Native histograms and classic bucket series are handled side by side.
import type { FloatHistogram } from '../histogram/float-histogram';
import { histogramFraction } from '../histogram/fraction';
import { histogramQuantile } from '../histogram/quantile';
import { histogramStddev, histogramVariance } from '../histogram/variance';
import { type Labels, sortLabels } from '../labels';
import { invalidQuantileMessage } from './annotations';
import { bucketFraction, bucketQuantile } from './histogram-buckets';
import { type ClassicHistogram, splitHistogramInputs } from './histogram-inputs';
import type { InstantFunction, StepArgs } from './instant-function-types';
import type { Vector } from './values';

function scalarArg(args: StepArgs, i: number): number {
  return args.vectors[i]?.[0]?.f ?? Number.NaN;
}

function forMetricName(metric: Labels): string {
  const name = metric.find((l) => l.name === '__name__')?.value;
  return name ? ` for metric name ${JSON.stringify(name)}` : '';
}

function forcedMonotonicity(metric: Labels): string {
  return `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)${forMetricName(metric)}`;
}

/** Floats as OpenMetrics writes them in labels: 0.0, 0.25, 1.0, +Inf. */
export function formatOpenMetricsFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  const s = String(f);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function splitArg(a: StepArgs, argIndex: number) {
  return splitHistogramInputs(a.vectors[argIndex] as Vector, (message) =>
    a.annotate?.(argIndex, 'warning', message),
  );
}

/** The q-quantile of one native histogram, with Prometheus's infos about NaN observations. */
function nativeQuantile(
  a: StepArgs,
  argIndex: number,
  q: number,
  h: FloatHistogram,
  metric: Labels,
) {
  const r = histogramQuantile(q, h);
  if (r.info === 'nan-result')
    a.annotate?.(
      argIndex,
      'info',
      `input to histogram_quantile has NaN observations, result is NaN${forMetricName(metric)}`,
    );
  else if (r.info === 'nan-skew')
    a.annotate?.(
      argIndex,
      'info',
      `input to histogram_quantile has NaN observations, result is skewed higher${forMetricName(metric)}`,
    );
  return r.value;
}

/** bucketQuantile sorts and fixes the buckets in place: `reused` ones are copied first. */
function classicQuantile(
  a: StepArgs,
  argIndex: number,
  q: number,
  g: ClassicHistogram,
  reused: boolean,
): number {
  return bucketQuantile(q, reused ? g.buckets.map((b) => ({ ...b })) : g.buckets, () =>
    a.annotate?.(argIndex, 'info', forcedMonotonicity(g.metric)),
  );
}

function warnInvalidQuantile(a: StepArgs, argIndex: number, q: number): void {
  const invalid = invalidQuantileMessage(q);
  if (invalid) a.annotate?.(argIndex, 'warning', invalid);
}

const histogramQuantileFn: InstantFunction = (a) => {
  if ((a.vectors[0] as Vector).length === 0) return [];
  const q = scalarArg(a, 0);
  warnInvalidQuantile(a, 0, q);
  const { natives, classics } = splitArg(a, 1);
  const out: Vector = natives.map((s) => ({
    metric: s.metric,
    f: nativeQuantile(a, 1, q, s.h as FloatHistogram, s.metric),
    t: a.t,
    dropName: true,
  }));
  for (const g of classics) {
    if (g.buckets.length === 0) continue;
    out.push({ metric: g.metric, f: classicQuantile(a, 1, q, g, false), t: a.t, dropName: true });
  }
  return out;
};

/** Arguments: vector, label name (passed as a.labelName by the evaluator), quantiles... */
const histogramQuantilesFn: InstantFunction = (a) => {
  const label = a.labelName ?? 'quantile';
  const qs: number[] = [];
  for (let i = 2; i < a.vectors.length; i++) {
    const q = scalarArg(a, i);
    warnInvalidQuantile(a, i, q);
    qs.push(q);
  }
  const { natives, classics } = splitArg(a, 0);
  const withQuantile = (metric: Labels, qText: string) =>
    sortLabels([...metric.filter((l) => l.name !== label), { name: label, value: qText }]);
  const out: Vector = [];
  for (const q of qs) {
    const qText = formatOpenMetricsFloat(q);
    for (const s of natives) {
      out.push({
        metric: withQuantile(s.metric, qText),
        f: nativeQuantile(a, 0, q, s.h as FloatHistogram, s.metric),
        t: a.t,
        dropName: true,
      });
    }
    for (const g of classics) {
      if (g.buckets.length === 0) continue;
      out.push({
        metric: withQuantile(g.metric, qText),
        f: classicQuantile(a, 0, q, g, true),
        t: a.t,
        dropName: true,
      });
    }
  }
  return out;
};

const histogramFractionFn: InstantFunction = (a) => {
  if ((a.vectors[0] as Vector).length === 0 || (a.vectors[1] as Vector).length === 0) return [];
  const lower = scalarArg(a, 0);
  const upper = scalarArg(a, 1);
  const { natives, classics } = splitArg(a, 2);
  const out: Vector = [];
  for (const s of natives) {
    const r = histogramFraction(lower, upper, s.h as FloatHistogram);
    if (r.nanObservations) {
      a.annotate?.(
        2,
        'info',
        `input to histogram_fraction has NaN observations, which are excluded from all fractions${forMetricName(s.metric)}`,
      );
    }
    out.push({ metric: s.metric, f: r.value, t: a.t, dropName: true });
  }
  for (const g of classics) {
    if (g.buckets.length === 0) continue;
    out.push({
      metric: g.metric,
      f: bucketFraction(lower, upper, g.buckets),
      t: a.t,
      dropName: true,
    });
  }
  return out;
};

/** A statistic of each native histogram; float samples yield nothing. */
function ofNativeHistograms(stat: (h: FloatHistogram) => number): InstantFunction {
  return (a) => {
    const out: Vector = [];
    for (const s of a.vectors[0] as Vector) {
      if (s.h) out.push({ metric: s.metric, f: stat(s.h), t: a.t, dropName: true });
    }
    return out;
  };
}

export const histogramFunctions: Readonly<Record<string, InstantFunction>> = {
  histogram_quantile: histogramQuantileFn,
  histogram_quantiles: histogramQuantilesFn,
  histogram_fraction: histogramFractionFn,
  histogram_count: ofNativeHistograms((h) => h.count),
  histogram_sum: ofNativeHistograms((h) => h.sum),
  histogram_avg: ofNativeHistograms((h) => h.sum / h.count),
  histogram_stddev: ofNativeHistograms(histogramStddev),
  histogram_stdvar: ofNativeHistograms(histogramVariance),
};
