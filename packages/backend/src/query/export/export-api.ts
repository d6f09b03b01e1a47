import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
import { parseTraceId } from '../jaeger/trace-id.js';
import { createTraceReader } from '../jaeger/trace-reader.js';
import { toOtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';
import { parseRange, writeRangeExport } from './export-range.js';

/** The client closed the connection before the export was written. */
class ClientGoneError extends Error {}

/**
 * Writes `line`; when the response's buffer is full (a slow reader), resolves only once it has
 * drained, so an export holds at most a buffer and a line in memory. Rejects with
 * ClientGoneError when the client has gone, which stops the export.
 */
function writeOrWait(response: ServerResponse, line: string): Promise<void> | undefined {
  if (response.destroyed) return Promise.reject(new ClientGoneError());
  if (response.write(line)) return undefined;
  return new Promise((resolve, reject) => {
    const settle = (gone: boolean) => () => {
      response.off('drain', drained);
      response.off('close', closed);
      if (gone) reject(new ClientGoneError());
      else resolve();
    };
    const drained = settle(false);
    const closed = settle(true);
    response.on('drain', drained);
    response.on('close', closed);
  });
}

/**
 * GET /api/export/traces/{id}: one trace as an OTLP/JSON ExportTraceServiceRequest.
 * GET /api/export?start=&end=: every trace that starts in the window and every log record in it,
 * as JSON lines of OTLP/JSON requests (the Collector file exporter's format), streamed at the
 * pace the client reads (it stops when the client goes); the import reads both back.
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
    try {
      await writeRangeExport(connection, range, (line) => writeOrWait(response, line));
    } catch (error) {
      if (error instanceof ClientGoneError) return; // nobody to answer; the reads just stop
      throw error;
    }
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
