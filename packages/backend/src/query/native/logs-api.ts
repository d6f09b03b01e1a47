import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { type QueryRouter, routeHandlerOf } from '../../serve/query-router.js';
import { createLogReader } from './log-reader.js';
import { LogSearchError, parseLogSearch } from './log-search.js';

/**
 * GET /api/logs: the native log search (see log-search.ts for the parameters). The answer is
 * {logs, next}: `next` is the `before` cursor of the following page, or null on the last one;
 * each record carries its own `cursor`, which a live tail passes as `after`.
 * The logs of a trace or a span are the same search with traceId or spanId.
 */
export function registerLogsApi(
  router: QueryRouter,
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void },
): void {
  const reader = createLogReader(connection);
  router.api('native').on(['GET', 'HEAD'], '/api/logs', async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      const search = parseLogSearch(url.searchParams);
      const logs = await reader.search(search);
      const next = logs.length === search.limit ? (logs[logs.length - 1]?.cursor ?? null) : null;
      sendJson(response, 200, { logs, next });
    } catch (error) {
      if (error instanceof LogSearchError) {
        sendJson(response, 400, { error: error.message });
      } else {
        options.onError(error);
        sendJson(response, 500, { error: 'log search failed' });
      }
    }
  });
}

/** The log search alone, resolving false for other paths (tests serve it so). */
export function createLogsApiHandler(
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void },
) {
  return routeHandlerOf((router) => registerLogsApi(router, connection, options));
}
