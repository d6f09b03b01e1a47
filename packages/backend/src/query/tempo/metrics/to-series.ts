import { type LabelValue, NIL, promLabels, type SeriesLabel } from './label-value.js';
import { type Log2Bucket, log2Quantile } from './log2-buckets.js';
import { MAX_RESPONSE_SERIES } from './metrics-limits.js';
import type { Exemplar, GroupTallies, SeriesAccumulator } from './series-accumulator.js';
import { stepSeconds } from './time-grid.js';

export interface Sample {
  readonly interval: number;
  readonly value: number;
}

/** A final series: Tempo's labels, its promLabels text, samples and exemplars. */
export interface MetricsSeries {
  readonly labels: readonly SeriesLabel[];
  readonly promLabels: string;
  readonly samples: readonly Sample[];
  readonly exemplars: readonly Exemplar[];
}

export interface MetricsResult {
  readonly series: readonly MetricsSeries[];
  /** More series than MAX_RESPONSE_SERIES: the answer holds the first (by promLabels). */
  readonly partial: boolean;
}

/**
 * A group's labels as Tempo's grouping gives them: one per by() field with a value, nils left
 * out; all nil gives the first field's nil (Prometheus-style series need a label); no by()
 * gives `__name__` = the function, except for the bucketed functions, whose bucket (or `p`)
 * label is always there.
 */
function groupLabels(
  names: readonly string[],
  values: readonly LabelValue[],
  fn: string,
  bucketed: boolean,
) {
  const labels: SeriesLabel[] = [];
  values.forEach((value, i) => {
    if (value.type !== 'nil') labels.push({ name: names[i] ?? '', value });
  });
  if (labels.length === 0 && !bucketed) {
    labels.push(
      names.length > 0
        ? { name: names[0] ?? '', value: NIL }
        : { name: '__name__', value: { type: 'string', value: fn } },
    );
  }
  return labels;
}

const every = (n: number, value: (i: number) => number): Sample[] =>
  Array.from({ length: n }, (_, interval) => ({ interval, value: value(interval) }));

function valueSamples(group: GroupTallies, fn: string): Sample[] {
  const samples: Sample[] = [];
  group.count.forEach((count, interval) => {
    if (count === 0) return;
    const pick: Record<string, number> = {
      sum_over_time: group.sum[interval] ?? 0,
      min_over_time: group.min[interval] ?? 0,
      max_over_time: group.max[interval] ?? 0,
      avg_over_time: (group.sum[interval] ?? 0) / count,
    };
    samples.push({ interval, value: pick[fn] ?? 0 });
  });
  return samples;
}

function quantileSamples(group: GroupTallies, q: number, intervals: number): Sample[] {
  const bounds = [...group.buckets.keys()].sort((a, b) => a - b);
  return every(intervals, (interval) => {
    const buckets: Log2Bucket[] = [];
    for (const max of bounds) {
      const count = group.buckets.get(max)?.[interval] ?? 0;
      if (count > 0) buckets.push({ max, count });
    }
    return log2Quantile(q, buckets);
  });
}

/** Exemplars of counting functions take their interval's sample value, as Tempo attaches them. */
function withValues(
  exemplars: readonly Exemplar[],
  samples: readonly Sample[],
  toInterval: (e: Exemplar) => number,
) {
  return exemplars.map((exemplar) => {
    if (!Number.isNaN(exemplar.value)) return exemplar;
    const sample = samples.find((s) => s.interval === toInterval(exemplar));
    return sample === undefined ? exemplar : { ...exemplar, value: sample.value };
  });
}

/** The accumulated tallies as Tempo's final series, sorted by promLabels and capped. */
export function toSeries(
  acc: SeriesAccumulator,
  exemplarInterval: (exemplar: Exemplar) => number,
): MetricsResult {
  const { query, grid } = acc;
  const bucketed = query.fn === 'quantile_over_time' || query.fn === 'histogram_over_time';
  const out: MetricsSeries[] = [];
  const push = (labels: SeriesLabel[], samples: Sample[], exemplars: readonly Exemplar[]) => {
    if (samples.length === 0) return;
    const withValue = withValues(exemplars, samples, exemplarInterval);
    out.push({ labels, promLabels: promLabels(labels), samples, exemplars: withValue });
  };
  for (const group of acc.groups.values()) {
    const labels = groupLabels(query.byNames, group.values, query.fn, bucketed);
    if (query.fn === 'rate' || query.fn === 'count_over_time') {
      const per = query.fn === 'rate' ? stepSeconds(grid) : 1;
      push(
        labels,
        every(grid.intervals, (i) => (group.count[i] ?? 0) / per),
        group.exemplars,
      );
    } else if (query.fn === 'histogram_over_time') {
      for (const [bound, counts] of group.buckets) {
        const bucketLabel: SeriesLabel = {
          name: '__bucket',
          value: { type: 'float', value: bound },
        };
        const exemplars = group.exemplars.filter((e) => e.bucket === bound);
        push(
          [...labels, bucketLabel],
          every(grid.intervals, (i) => counts[i] ?? 0),
          exemplars,
        );
      }
    } else if (query.fn === 'quantile_over_time') {
      for (const q of query.quantiles) {
        const p: SeriesLabel = { name: 'p', value: { type: 'float', value: q } };
        push([...labels, p], quantileSamples(group, q, grid.intervals), group.exemplars);
      }
    } else {
      push(labels, valueSamples(group, query.fn), group.exemplars);
    }
  }
  out.sort((a, b) => (a.promLabels < b.promLabels ? -1 : a.promLabels > b.promLabels ? 1 : 0));
  const partial = acc.partial || out.length > MAX_RESPONSE_SERIES;
  return { series: out.slice(0, MAX_RESPONSE_SERIES), partial };
}
