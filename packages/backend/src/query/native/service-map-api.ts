import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
import { MAX_CALL_WINDOW_MS } from '../service-calls.js';
import { readServiceMap } from './service-map.js';
import { parseTimeWindow } from './time-param.js';

/**
 * GET /api/service-map?start=&end= (ms since 1970 or ISO 8601; the last 15 minutes by default):
 * services as nodes, calls between them as edges with rate, error ratio and latency.
 */
export function createServiceMapHandler(
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void; now?: () => number },
) {
  const now = options.now ?? Date.now;
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/service-map') return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendMethodNotAllowed(request, response, ['GET', 'HEAD']);
      return true;
    }
    const window = parseTimeWindow(url.searchParams, 15 * 60_000, now());
    if (typeof window === 'string') {
      sendJson(response, 400, { error: window });
      return true;
    }
    const [from, to] = [Number(window.startNs / 1_000_000n), Number(window.endNs / 1_000_000n)];
    if (to <= from || to - from > MAX_CALL_WINDOW_MS) {
      sendJson(response, 400, {
        error: `start must be before end, at most 7 days apart (got ${from} and ${to})`,
      });
      return true;
    }
    try {
      sendJson(response, 200, await readServiceMap(connection, from, to));
    } catch (error) {
      options.onError(error);
      sendJson(response, 500, { error: 'service map failed' });
    }
    return true;
  };
}
