import { build, type Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Latencies of one endpoint in an HDR histogram: constant memory however long the run, and
 * percentiles within 0.1 % (three significant digits) of the exact ones: a percentile is the upper
 * edge of its bucket, never below the true value. Values are kept in microseconds (exact below
 * 2.048 ms); the exact maximum is kept beside the histogram.
 */
export function createLatencyRecorder() {
  const histogram: Histogram = build({ numberOfSignificantValueDigits: 3, useWebAssembly: false });
  let max = 0;
  return {
    record(ms: number) {
      histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
      max = Math.max(max, ms);
    },
    get count() {
      return histogram.totalCount;
    },
    /** Percentiles and max in milliseconds; zeros when nothing was recorded. */
    summary(): LatencySummary {
      if (histogram.totalCount === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
      // A bucket's upper edge can lie just above the largest value recorded in it.
      const at = (percentile: number) =>
        Math.min(max, histogram.getValueAtPercentile(percentile) / 1000);
      const micros = (ms: number) => Math.round(ms * 1000) / 1000;
      return { p50: micros(at(50)), p95: micros(at(95)), p99: micros(at(99)), max: micros(max) };
    },
  };
}

export type LatencyRecorder = ReturnType<typeof createLatencyRecorder>;
