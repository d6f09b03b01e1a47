import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
import { parseTraceId } from '../jaeger/trace-id.js';
import { createTraceReader } from '../jaeger/trace-reader.js';
import { toOtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';
import { parseRange, writeRangeExport } from './export-range.js';

/**
 * GET /api/export/traces/{id}: one trace as an OTLP/JSON ExportTraceServiceRequest.
 * GET /api/export?start=&end=: every trace that starts in the window and every log record in it,
 * as JSON lines of OTLP/JSON requests (the Collector file exporter's format), streamed; the
 * import reads both back.
 */
export function createExportHandler(
  connection: DuckDBConnection,
  options: { onError: (error: unknown) => void },
) {
  const traces = createTraceReader(connection);

  async function exportTrace(id: string, response: ServerResponse): Promise<void> {
    let traceId: bigint;
    try {
      traceId = parseTraceId(id);
    } catch (error) {
      sendJson(response, 400, { error: (error as Error).message });
      return;
    }
    const rows = await traces.readTraces([traceId]);
    if (rows.length === 0) {
      sendJson(response, 404, { error: `trace ${id} not found` });
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="trace-${id.toLowerCase()}.json"`,
    });
    response.end(JSON.stringify({ resourceSpans: toOtlpResourceSpans(rows) }));
  }

  async function exportRange(url: URL, response: ServerResponse): Promise<void> {
    const range = parseRange(url.searchParams.get('start'), url.searchParams.get('end'));
    if (typeof range === 'string') {
      sendJson(response, 400, { error: range });
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': 'attachment; filename="otel-lab-export.jsonl"',
    });
    await writeRangeExport(connection, range, (line) => {
      response.write(line);
    });
    response.end();
  }

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const single = /^\/api\/export\/traces\/([^/]+)$/.exec(url.pathname);
    if (url.pathname !== '/api/export' && !single) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendMethodNotAllowed(request, response, ['GET', 'HEAD']);
      return true;
    }
    let id = '';
    try {
      id = decodeURIComponent(single?.[1] ?? '');
    } catch {
      sendJson(response, 400, { error: `invalid percent-encoding in the trace id ${single?.[1]}` });
      return true;
    }
    try {
      if (single) await exportTrace(id, response);
      else await exportRange(url, response);
    } catch (error) {
      options.onError(error);
      if (!response.headersSent) sendJson(response, 500, { error: 'export failed' });
      else response.destroy();
    }
    return true;
  };
}
