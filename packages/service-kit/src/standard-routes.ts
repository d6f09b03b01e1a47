import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router } from 'express';

/**
 * GET /health and GET /metrics, the same on every service. The HTTP instrumentation is told to
 * make no spans for these paths, so probes and scrapes do not flood the traces.
 */
export function standardRoutes(
  serveMetrics: (request: IncomingMessage, response: ServerResponse) => void,
): Router {
  const router = Router();
  router.get('/health', (_request, response) => {
    response.json({ status: 'healthy' });
  });
  router.get('/metrics', (request, response) => serveMetrics(request, response));
  return router;
}

/** Prometheus's default histogram buckets, in seconds; the SDK's defaults are meant for ms. */
export const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
