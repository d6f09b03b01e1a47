import type { MetricsRequest } from './metrics-request.js';

/**
 * The intervals a metrics request counts spans into, as Tempo 2.8 lays them out: a range
 * request's start is aligned down and its end up to the step (so refreshes of "the last hour"
 * agree), interval i holds the spans that *started* in [start + i·step, start + (i+1)·step) and
 * its sample is stamped with that interval's start; spans starting at or after the end are not
 * counted, yet the interval at the end is still answered (so counts end with a 0), as Tempo does.
 * An instant request is one interval, [start, end), unaligned.
 */
export interface TimeGrid {
  readonly startNs: bigint;
  /** Spans starting before this count. */
  readonly endNs: bigint;
  readonly stepNs: bigint;
  readonly intervals: number;
}

export function timeGridOf(request: MetricsRequest): TimeGrid {
  const { startNs, endNs, stepNs } = request;
  if (request.instant) return { startNs, endNs, stepNs, intervals: 1 };
  const start = startNs - mod(startNs, stepNs);
  const rest = mod(endNs, stepNs);
  const end = rest === 0n ? endNs : endNs + (stepNs - rest);
  return { startNs: start, endNs: end, stepNs, intervals: Number((end - start) / stepNs) + 1 };
}

const mod = (value: bigint, by: bigint) => ((value % by) + by) % by;

/** The interval of a span starting at `startNs`, or -1 when it is outside [start, end). */
export function intervalOf(grid: TimeGrid, startNs: bigint): number {
  if (startNs < grid.startNs || startNs >= grid.endNs) return -1;
  return Number((startNs - grid.startNs) / grid.stepNs);
}

/** The sample timestamp of interval i, in Unix ms. */
export function timestampMs(grid: TimeGrid, interval: number): bigint {
  return (grid.startNs + BigInt(interval) * grid.stepNs) / 1_000_000n;
}

/** Seconds per step: rate() divides counts by it. */
export const stepSeconds = (grid: TimeGrid) => Number(grid.stepNs) / 1e9;
