import type { Outcome } from './http-client.js';
import { createLatencyRecorder, type LatencyRecorder } from './latency.js';
import { ENDPOINTS, type Endpoint } from './plan.js';

export interface EndpointStats {
  label: string;
  /** Requests that ended: answered or failed on the network (abandoned ones aside). */
  requests: number;
  statuses: Map<number, number>;
  networkErrors: Map<string, number>;
  /** Cut off by a stop before they ended. */
  abandoned: number;
  /** Of the answered requests. */
  latency: LatencyRecorder;
}

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

/** Counts and latencies per endpoint, and the late starts of the open loop. */
export function createTrafficStats(endpoints: Endpoint[]) {
  const byEndpoint = new Map<Endpoint, EndpointStats>(
    endpoints.map((endpoint) => [
      endpoint,
      {
        label: ENDPOINTS[endpoint].label,
        requests: 0,
        statuses: new Map(),
        networkErrors: new Map(),
        abandoned: 0,
        latency: createLatencyRecorder(),
      },
    ]),
  );
  let lateStarts = 0;
  let ended = 0;
  let failed = 0;

  return {
    record(endpoint: Endpoint, outcome: Outcome, latencyMs: number) {
      const stats = byEndpoint.get(endpoint);
      if (!stats) throw new Error(`no statistics for endpoint ${endpoint}`);
      if ('abandoned' in outcome) {
        stats.abandoned += 1;
        return;
      }
      stats.requests += 1;
      ended += 1;
      if ('status' in outcome) {
        bump(stats.statuses, outcome.status);
        stats.latency.record(latencyMs);
        if (outcome.status >= 400) failed += 1;
      } else {
        bump(stats.networkErrors, outcome.error);
        failed += 1;
      }
    },
    lateStart() {
      lateStarts += 1;
    },
    /** For progress: requests ended so far and how many of them were errors. */
    progress: () => ({ ended, errors: failed }),
    lateStarts: () => lateStarts,
    endpoints: () => [...byEndpoint.values()],
  };
}

export type TrafficStats = ReturnType<typeof createTrafficStats>;
