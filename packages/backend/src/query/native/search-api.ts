import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { type QueryRouter, routeHandlerOf } from '../../serve/query-router.js';
import { parseTraceSearch, TraceSearchError } from './trace-search.js';
import { searchTraceSummaries } from './trace-summaries.js';

/**
 * GET /api/search/traces: the native trace search for the UI (parameters in trace-search.ts),
 * answering {traces: TraceSummary[], limit, offset}.
 */
export function registerTraceSearchApi(
  router: QueryRouter,
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void },
): void {
  router.api('native').on(['GET', 'HEAD'], '/api/search/traces', async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      const search = parseTraceSearch(url.searchParams);
      const traces = await searchTraceSummaries(connection, search);
      sendJson(response, 200, { traces, limit: search.limit, offset: search.offset });
    } catch (error) {
      if (error instanceof TraceSearchError) {
        sendJson(response, 400, { error: error.message });
      } else {
        options.onError(error);
        sendJson(response, 500, { error: 'trace search failed' });
      }
    }
  });
}

/** The trace search alone, resolving false for other paths (tests serve it so). */
export function createTraceSearchHandler(
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void },
) {
  return routeHandlerOf((router) => registerTraceSearchApi(router, connection, options));
}
