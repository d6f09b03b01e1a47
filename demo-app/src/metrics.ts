import { metrics } from '@opentelemetry/api';
import { DURATION_BUCKETS_SECONDS } from '@otel-lab/service-kit';

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
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
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
