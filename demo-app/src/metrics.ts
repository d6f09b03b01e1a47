import { metrics } from '@opentelemetry/api';

/** Prometheus's default buckets, in seconds; the SDK's default ones are meant for milliseconds. */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The lab's custom metrics. The names are exactly the original lab's so its queries work as
 * written: app_requests_total, app_request_duration_seconds_bucket, app_active_requests.
 */
export function createAppMetrics() {
  const meter = metrics.getMeter('demo-app');
  const requests = meter.createCounter('app_requests_total', {
    description: 'Total number of requests',
    unit: '1',
  });
  const duration = meter.createHistogram('app_request_duration_seconds', {
    description: 'Request duration in seconds',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
  });
  const active = meter.createUpDownCounter('app_active_requests', {
    description: 'Number of active requests',
    unit: '1',
  });

  return {
    /** Counts a request as active until the returned function reports its outcome. */
    start(endpoint: string): (status: 'success' | 'error') => void {
      const startedAt = performance.now();
      active.add(1, { endpoint });
      return (status) => {
        requests.add(1, { endpoint, status });
        duration.record((performance.now() - startedAt) / 1000, { endpoint });
        active.add(-1, { endpoint });
      };
    },
  };
}

export type AppMetrics = ReturnType<typeof createAppMetrics>;
