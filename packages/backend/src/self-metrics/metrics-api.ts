import type { Registry } from 'prom-client';
import type { QueryRouter } from '../serve/query-router.js';

/**
 * GET /metrics: the backend's own metrics in Prometheus's text format (version 0.0.4), what
 * Prometheus, the Collector and Jaeger serve at the same path. Its cost is bounded whoever asks:
 * every label takes values from a closed set or the configuration, and the database is read at
 * most once a second (storage-metrics.ts).
 */
export function registerMetricsApi(router: QueryRouter, registry: Registry): void {
  router.api('native').on(['GET', 'HEAD'], '/metrics', async (request, response) => {
    const text = await registry.metrics();
    response.writeHead(200, {
      'content-type': registry.contentType,
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : text);
  });
}
