import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
import { readServiceMap } from './service-map.js';
import { parseTimeParam } from './time-param.js';

/** The longest window a service map covers: a week of spans is a full scan already. */
const MAX_WINDOW_MS = 7 * 24 * 3_600_000;

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
    const time = (name: string, fallback: number): number | string => {
      const raw = url.searchParams.get(name);
      if (raw === null || raw === '') return fallback;
      const ns = parseTimeParam(raw);
      return ns === undefined
        ? `${name}=${JSON.stringify(raw)}: expected milliseconds since 1970 or an ISO 8601 time`
        : Number(ns / 1_000_000n);
    };
    const end = time('end', now());
    const start = typeof end === 'number' ? time('start', end - 15 * 60_000) : end;
    for (const value of [start, end]) {
      if (typeof value === 'string') {
        sendJson(response, 400, { error: value });
        return true;
      }
    }
    const [from, to] = [start as number, end as number];
    if (to <= from || to - from > MAX_WINDOW_MS) {
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
