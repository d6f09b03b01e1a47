import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { type QueryRouter, routeHandlerOf } from '../../serve/query-router.js';
import { MAX_CALL_WINDOW_MS } from '../service-calls.js';
import { readServiceMap } from './service-map.js';
import { parseTimeWindow } from './time-param.js';

/**
 * GET /api/service-map?start=&end= (ms since 1970 or ISO 8601; the last 15 minutes by default):
 * services as nodes, calls between them as edges with rate, error ratio and latency.
 */
export function registerServiceMapApi(
  router: QueryRouter,
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void; now?: () => number },
): void {
  const now = options.now ?? Date.now;
  router.api('native').on(['GET', 'HEAD'], '/api/service-map', async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const window = parseTimeWindow(url.searchParams, 15 * 60_000, now());
    if (typeof window === 'string') {
      sendJson(response, 400, { error: window });
      return;
    }
    const [from, to] = [Number(window.startNs / 1_000_000n), Number(window.endNs / 1_000_000n)];
    if (to <= from || to - from > MAX_CALL_WINDOW_MS) {
      sendJson(response, 400, {
        error: `start must be before end, at most 7 days apart (got ${from} and ${to})`,
      });
      return;
    }
    try {
      sendJson(response, 200, await readServiceMap(connection, from, to));
    } catch (error) {
      options.onError(error);
      sendJson(response, 500, { error: 'service map failed' });
    }
  });
}

/** The service map alone, resolving false for other paths (tests serve it so). */
export function createServiceMapHandler(
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void; now?: () => number },
) {
  return routeHandlerOf((router) => registerServiceMapApi(router, connection, options));
}
