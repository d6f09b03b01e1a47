import type { FloatHistogram } from '@otel-lab/promql';
import type {
  Labels,
  MetricMetadata,
  SampleBatch,
  SampleExemplar,
  SeriesSamples,
} from './sample.js';
import { writeStaleAt } from './sample.js';

/**
 * Collects points into one columnar SampleBatch. Columns grow by doubling; `build` hands out
 * views of exactly the used length, so the builder must not be reused afterwards.
 */
export class SampleBatchBuilder {
  private readonly series: SeriesSamples[] = [];
  private readonly metadata: MetricMetadata[] = [];
  private timestamps: Float64Array;
  private values: Float64Array;
  private length = 0;

  constructor(expectedPoints = 64) {
    const capacity = Math.max(8, expectedPoints);
    this.timestamps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get pointCount(): number {
    return this.length;
  }

  get seriesCount(): number {
    return this.series.length;
  }

  /** One series with one point. */
  add(labels: Labels, timestampMs: number, value: number, exemplars?: SampleExemplar[]): void {
    const index = this.push(timestampMs, value);
    const entry: SeriesSamples = { labels, first: index, count: 1 };
    if (exemplars && exemplars.length > 0) entry.exemplars = exemplars;
    this.series.push(entry);
  }

  /** One series with one staleness marker. */
  addStale(labels: Labels, timestampMs: number): void {
    const index = this.push(timestampMs, 0);
    writeStaleAt(this.values, index);
    this.series.push({ labels, first: index, count: 1 });
  }

  /** One series with one native-histogram sample (and no float point). */
  addHistogram(
    labels: Labels,
    timestampMs: number,
    histogram: FloatHistogram,
    exemplars?: SampleExemplar[],
  ): void {
    const entry: SeriesSamples = {
      labels,
      first: this.length,
      count: 0,
      histograms: { timestampsMs: [timestampMs], values: [histogram] },
    };
    if (exemplars && exemplars.length > 0) entry.exemplars = exemplars;
    this.series.push(entry);
  }

  addMetadata(metadata: MetricMetadata): void {
    this.metadata.push(metadata);
  }

  build(): SampleBatch {
    return {
      series: this.series,
      timestampsMs: this.timestamps.subarray(0, this.length),
      values: this.values.subarray(0, this.length),
      metadata: this.metadata,
    };
  }

  private push(timestampMs: number, value: number): number {
    if (this.length === this.values.length) this.grow();
    const index = this.length++;
    this.timestamps[index] = timestampMs;
    this.values[index] = value;
    return index;
  }

  private grow(): void {
    const timestamps = new Float64Array(this.values.length * 2);
    timestamps.set(this.timestamps);
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.timestamps = timestamps;
    this.values = values;
  }
}
