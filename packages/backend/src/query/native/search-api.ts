import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
import { parseTraceSearch, TraceSearchError } from './trace-search.js';
import { searchTraceSummaries } from './trace-summaries.js';

/**
 * GET /api/search/traces: the native trace search for the UI (parameters in trace-search.ts),
 * answering {traces: TraceSummary[], limit, offset}.
 */
export function createTraceSearchHandler(
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void },
) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/search/traces') return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendMethodNotAllowed(request, response, ['GET', 'HEAD']);
      return true;
    }
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
    return true;
  };
}
