/**
 * A deterministic metrics data set as OpenMetrics text with timestamps: the file both a real
 * Prometheus (through `promtool tsdb create-blocks-from openmetrics`) and our backend backfill,
 * so they hold identical data. The lab's metric families: request counters with resets, a
 * request duration histogram, an active-requests gauge.
 */
import { seededRandom } from './seeded-random.js';

export interface DatasetOptions {
  /** First sample time, ms. */
  startMs: number;
  /** Samples per series. */
  points: number;
  /** Between samples, ms. */
  stepMs: number;
  /** Routes (series per family scale with it). */
  routes: number;
  seed?: number;
}

/**
 * Bucket bounds without integers: Prometheus 3 writes `le="1"` as "1.0" and Prometheus 2 does
 * not, and the comparison must not depend on that.
 */
export const DATASET_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 2.5];

const METHODS = ['GET', 'POST'];
const STATUSES = ['200', '500'];

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function openMetricsDataset(options: DatasetOptions): string {
  const random = seededRandom(options.seed ?? 1);
  const routes = Array.from({ length: options.routes }, (_, i) => `/api/r${i}`);
  const times = Array.from(
    { length: options.points },
    (_, i) => options.startMs + i * options.stepMs,
  );
  const lines: string[] = [];

  lines.push('# HELP app_requests Requests handled.', '# TYPE app_requests counter');
  for (const route of routes) {
    for (const method of METHODS) {
      for (const status of STATUSES) {
        let total = 0;
        const rate = status === '500' ? 0.2 + random() : 2 + random() * 20;
        for (const [i, t] of times.entries()) {
          // An occasional counter reset, as a restarted process gives.
          if (i > 0 && random() < 0.004) total = 0;
          total += Math.round(rate * (options.stepMs / 1000) * (0.5 + random()));
          lines.push(
            `app_requests_total{method="${method}",route="${route}",status="${status}"} ${total} ${seconds(t)}`,
          );
        }
      }
    }
  }

  lines.push(
    '# HELP app_request_duration_seconds Request duration.',
    '# TYPE app_request_duration_seconds histogram',
    '# UNIT app_request_duration_seconds seconds',
  );
  for (const route of routes) {
    const counts = new Array<number>(DATASET_BUCKETS.length + 1).fill(0);
    let sum = 0;
    const scale = 0.02 + random() * 0.3;
    for (const t of times) {
      const requests = 5 + Math.floor(random() * 40);
      for (let r = 0; r < requests; r++) {
        const duration = scale * -Math.log(1 - random());
        sum += duration;
        const bucket = DATASET_BUCKETS.findIndex((bound) => duration <= bound);
        const index = bucket === -1 ? DATASET_BUCKETS.length : bucket;
        counts[index] = (counts[index] ?? 0) + 1;
      }
      let cumulative = 0;
      for (const [b, bound] of DATASET_BUCKETS.entries()) {
        cumulative += counts[b] as number;
        lines.push(
          `app_request_duration_seconds_bucket{le="${bound}",route="${route}"} ${cumulative} ${seconds(t)}`,
        );
      }
      cumulative += counts[DATASET_BUCKETS.length] as number;
      lines.push(
        `app_request_duration_seconds_bucket{le="+Inf",route="${route}"} ${cumulative} ${seconds(t)}`,
        `app_request_duration_seconds_count{route="${route}"} ${cumulative} ${seconds(t)}`,
        `app_request_duration_seconds_sum{route="${route}"} ${Math.round(sum * 1e6) / 1e6} ${seconds(t)}`,
      );
    }
  }

  lines.push('# HELP app_active_requests Requests in flight.', '# TYPE app_active_requests gauge');
  for (const route of routes) {
    for (const t of times) {
      lines.push(
        `app_active_requests{route="${route}"} ${Math.floor(random() * 12)} ${seconds(t)}`,
      );
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}
