import type { TimeGrid } from './time-grid.js';

const PER_BUCKET = 2;

/**
 * Which spans become exemplars, as Tempo spreads them: at most `limit` in the answer, one per
 * trace, and no more than two in each of limit/2 equal slices of the range, so they cover it
 * rather than crowd where traffic is heavy.
 */
export class ExemplarPicker {
  private readonly traces = new Set<string>();
  private readonly counts: number[];
  private readonly startMs: bigint;
  private readonly endMs: bigint;
  private readonly width: bigint;
  private taken = 0;

  constructor(
    grid: TimeGrid,
    readonly limit: number,
  ) {
    const buckets = Math.max(1, Math.floor(limit / PER_BUCKET));
    this.counts = new Array(buckets).fill(0);
    this.startMs = grid.startNs / 1_000_000n;
    this.endMs = grid.endNs / 1_000_000n;
    const width = (this.endMs - this.startMs) / BigInt(buckets);
    this.width = width > 0n ? width : 1n;
  }

  get full(): boolean {
    return this.taken >= this.limit;
  }

  /** Whether a span of `traceId` starting at `ms` is taken; counts it when it is. */
  take(traceId: string, ms: bigint): boolean {
    if (this.full || ms < this.startMs || ms > this.endMs || this.traces.has(traceId)) return false;
    const bucket = Math.min(this.counts.length - 1, Number((ms - this.startMs) / this.width));
    if ((this.counts[bucket] ?? 0) >= PER_BUCKET) return false;
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.traces.add(traceId);
    this.taken++;
    return true;
  }
}
