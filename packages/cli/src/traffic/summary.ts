import { EXIT_FAILED, EXIT_OK, isFailingStatus } from './exit-policy.js';
import type { LatencySummary } from './latency.js';
import type { TrafficOptions } from './options.js';
import type { TrafficStats } from './stats.js';

export interface EndpointSummary {
  endpoint: string;
  requests: number;
  /** Every answer by status, 2xx included. */
  statuses: Record<string, number>;
  /** Requests that got no answer, by error code (ECONNREFUSED, ECONNRESET, TIMEOUT, ...). */
  networkErrors: Record<string, number>;
  abandoned: number;
  /** Milliseconds, from the scheduled start with --rate, from the actual start otherwise. */
  latencyMs: LatencySummary;
}

export interface TrafficSummary {
  target: string;
  mode: 'closed-loop' | 'open-loop';
  rate: number | null;
  concurrency: number;
  mix: string;
  seed: number | null;
  interrupted: boolean;
  elapsedSeconds: number;
  requests: number;
  /** Requests per second that ended (answered or failed) over the run. */
  throughput: number;
  /** Non-2xx answers by status, expected ones (402, 409) included. */
  errorsByStatus: Record<string, number>;
  networkErrors: Record<string, number>;
  /** Requests that fail the run: see exit-policy.ts. */
  failures: number;
  abandoned: number;
  /** Open loop: requests that started late because --concurrency requests were in flight. */
  lateStarts: number;
  endpoints: EndpointSummary[];
  exitCode: number;
}

const record = <K>(map: Map<K, number>) =>
  Object.fromEntries([...map].sort(([a], [b]) => String(a).localeCompare(String(b))));

const add = (into: Record<string, number>, key: string | number, count: number) => {
  into[key] = (into[key] ?? 0) + count;
};

export function summarize(
  options: TrafficOptions,
  stats: TrafficStats,
  run: { elapsedMs: number; interrupted: boolean },
): TrafficSummary {
  const endpoints = stats.endpoints().map(
    (endpoint): EndpointSummary => ({
      endpoint: endpoint.label,
      requests: endpoint.requests,
      statuses: record(endpoint.statuses),
      networkErrors: record(endpoint.networkErrors),
      abandoned: endpoint.abandoned,
      latencyMs: endpoint.latency.summary(),
    }),
  );
  const errorsByStatus: Record<string, number> = {};
  const networkErrors: Record<string, number> = {};
  let failures = 0;
  for (const endpoint of stats.endpoints()) {
    for (const [status, count] of endpoint.statuses) {
      if (status < 200 || status >= 300) add(errorsByStatus, status, count);
      if (isFailingStatus(status)) failures += count;
    }
    for (const [code, count] of endpoint.networkErrors) {
      add(networkErrors, code, count);
      failures += count;
    }
  }
  const requests = endpoints.reduce((sum, endpoint) => sum + endpoint.requests, 0);
  const seconds = run.elapsedMs / 1000;
  return {
    target: options.target.href.replace(/\/+$/, ''),
    mode: options.rate === undefined ? 'closed-loop' : 'open-loop',
    rate: options.rate ?? null,
    concurrency: options.concurrency,
    mix: `${options.mix.orders}:${options.mix.products}`,
    seed: options.seed ?? null,
    interrupted: run.interrupted,
    elapsedSeconds: Number(seconds.toFixed(3)),
    requests,
    throughput: seconds > 0 ? Number((requests / seconds).toFixed(2)) : 0,
    errorsByStatus,
    networkErrors,
    failures,
    abandoned: endpoints.reduce((sum, endpoint) => sum + endpoint.abandoned, 0),
    lateStarts: stats.lateStarts(),
    endpoints,
    exitCode: failures > 0 ? EXIT_FAILED : EXIT_OK,
  };
}
