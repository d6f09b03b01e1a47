/** A cumulative explicit-bucket histogram in memory, with a few exemplars since the last flush. */
import type { Exemplar, HistogramPoint, KeyValue } from '@otel-lab/otlp';

export class BucketHistogram {
  private readonly counts: number[];
  private count = 0;
  private sum = 0;
  private exemplars: Exemplar[] = [];

  constructor(
    private readonly bounds: readonly number[],
    private readonly maxExemplars: number,
  ) {
    this.counts = new Array(bounds.length + 1).fill(0);
  }

  /** Records a value; bucket i holds values <= bounds[i] (and above bounds[i-1]). */
  record(value: number, exemplar?: { traceId: string; spanId: string }): void {
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.count++;
    this.sum += value;
    if (exemplar && exemplar.traceId !== '' && this.exemplars.length < this.maxExemplars) {
      this.exemplars.push({ attributes: [], value, timeUnixNano: 0n, ...exemplar });
    }
  }

  /**
   * The point as OTLP would carry it. Exemplars are handed out once and stamped with the point's
   * time, as the Collector's spanmetrics connector does.
   */
  takePoint(
    attributes: KeyValue[],
    startTimeUnixNano: bigint,
    timeUnixNano: bigint,
  ): HistogramPoint {
    const exemplars = this.exemplars;
    for (const exemplar of exemplars) exemplar.timeUnixNano = timeUnixNano;
    this.exemplars = [];
    return {
      attributes,
      startTimeUnixNano,
      timeUnixNano,
      flags: 0,
      count: BigInt(this.count),
      sum: this.sum,
      bucketCounts: this.counts.map((c) => BigInt(c)),
      explicitBounds: [...this.bounds],
      exemplars,
    };
  }
}
