import { type LabelValue, labelKey } from './label-value.js';
import { MAX_RESPONSE_SERIES } from './metrics-limits.js';
import type { MetricsQuery } from './metrics-query.js';
import type { TimeGrid } from './time-grid.js';

/** One group's per-interval tallies: what every metrics function is computed from. */
export interface GroupTallies {
  readonly values: readonly LabelValue[];
  /** Spans (rate, count) or spans with a numeric value (sum, min, max, avg). */
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** quantile and histogram: bucket bound → per-interval counts. */
  readonly buckets: Map<number, Float64Array>;
  readonly exemplars: Exemplar[];
}

export interface Exemplar {
  readonly traceId: string;
  readonly spanId: string;
  readonly timestampMs: bigint;
  /** NaN for counting functions: the answer gives it the sample's value. */
  readonly value: number;
  /** The bucket's series for histograms; undefined otherwise. */
  readonly bucket?: number;
}

const VALUE_FNS = new Set(['sum_over_time', 'min_over_time', 'max_over_time', 'avg_over_time']);

/**
 * Tallies by group and interval, filled from SQL rows (the fast path) or from evaluated spans
 * (the JS path) alike, so both answer through the same code (to-series.ts). Rows for the same
 * group may arrive many times (one per resource, say): they merge. New groups stop being taken
 * once the answer would pass MAX_RESPONSE_SERIES; `partial` then says so.
 */
export class SeriesAccumulator {
  readonly groups = new Map<string, GroupTallies>();
  partial = false;
  private seriesCount = 0;
  private readonly valued: boolean;

  constructor(
    readonly query: MetricsQuery,
    readonly grid: TimeGrid,
  ) {
    this.valued = VALUE_FNS.has(query.fn);
  }

  private group(values: readonly LabelValue[], bucket?: number): GroupTallies | undefined {
    const key = labelKey(values);
    let group = this.groups.get(key);
    const newBucket = bucket !== undefined && !group?.buckets.has(bucket);
    const adds =
      group === undefined
        ? this.seriesPerGroup()
        : newBucket && this.query.fn === 'histogram_over_time'
          ? 1
          : 0;
    if (adds > 0 && this.seriesCount + adds > MAX_RESPONSE_SERIES) {
      this.partial = true;
      return undefined;
    }
    this.seriesCount += adds;
    if (group === undefined) {
      const n = this.grid.intervals;
      const none = new Float64Array(0);
      group = {
        values,
        count: new Float64Array(n),
        sum: this.valued ? new Float64Array(n) : none,
        min: this.valued ? new Float64Array(n).fill(Number.POSITIVE_INFINITY) : none,
        max: this.valued ? new Float64Array(n).fill(Number.NEGATIVE_INFINITY) : none,
        buckets: new Map(),
        exemplars: [],
      };
      this.groups.set(key, group);
    }
    return group;
  }

  private seriesPerGroup(): number {
    if (this.query.fn === 'quantile_over_time') return this.query.quantiles.length;
    return this.query.fn === 'histogram_over_time' ? 0 : 1;
  }

  /** `count` spans (or values, with their sum, min and max) of a group in an interval. */
  add(
    values: readonly LabelValue[],
    interval: number,
    count: number,
    sum = 0,
    min = 0,
    max = 0,
  ): void {
    const group = this.group(values);
    if (group === undefined || interval < 0 || interval >= this.grid.intervals) return;
    group.count[interval] = (group.count[interval] ?? 0) + count;
    if (!this.valued) return;
    group.sum[interval] = (group.sum[interval] ?? 0) + sum;
    group.min[interval] = Math.min(group.min[interval] ?? min, min);
    group.max[interval] = Math.max(group.max[interval] ?? max, max);
  }

  /** `count` values of a group in an interval that fall in the bucket bounded by `bound`. */
  addBucket(values: readonly LabelValue[], interval: number, bound: number, count: number): void {
    const group = this.group(values, bound);
    if (group === undefined || interval < 0 || interval >= this.grid.intervals) return;
    let counts = group.buckets.get(bound);
    if (counts === undefined) {
      counts = new Float64Array(this.grid.intervals);
      group.buckets.set(bound, counts);
    }
    counts[interval] = (counts[interval] ?? 0) + count;
  }

  /** An exemplar for a group already tallied (exemplar-picker.ts decides which spans). */
  addExemplar(values: readonly LabelValue[], exemplar: Exemplar): void {
    this.groups.get(labelKey(values))?.exemplars.push(exemplar);
  }
}
