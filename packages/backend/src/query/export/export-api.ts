import type { ServerResponse } from 'node:http';
import { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { type QueryRouter, routeHandlerOf } from '../../serve/query-router.js';
import { type ReaderPool, singleReader } from '../../storage/reader-pool.js';
import { parseTraceId } from '../jaeger/trace-id.js';
import { createTraceReader, type TraceReader } from '../jaeger/trace-reader.js';
import { TextPieces } from '../json-text.js';
import { ClientGoneError, writeOrWait } from '../write-pieces.js';
import { parseRange, readTracePart, STEP_SPANS, writeRangeExport } from './export-range.js';

/**
 * Writes trace `traceId` as one ExportTraceServiceRequest, read STEP_SPANS spans at a time: a
 * larger trace's parts each bring their own ResourceSpans (OTLP allows a resource more than
 * once), so the answer is never held whole. Answers 404 when the trace has no stored span.
 */
async function exportTrace(reader: TraceReader, id: string, response: ServerResponse) {
  let traceId: bigint;
  try {
    traceId = parseTraceId(id);
  } catch (error) {
    sendJson(response, 400, { error: (error as Error).message });
    return;
  }
  let part = await readTracePart(reader, traceId);
  if (part.spans === 0) {
    sendJson(response, 404, { error: `trace ${id} not found` });
    return;
  }
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="trace-${id.toLowerCase()}.json"`,
  });
  const out = new TextPieces();
  out.push('{"resourceSpans":[');
  for (let first = true; part.spans > 0; first = false) {
    part.trace.writeResourceSpans(out, first);
    for (const piece of out.take()) await writeOrWait(response, piece);
    if (part.spans < STEP_SPANS || part.last === undefined) break;
    part = await readTracePart(reader, traceId, part.last);
  }
  response.end(']}');
}

/**
 * GET /api/export/traces/{id}: one trace as an OTLP/JSON ExportTraceServiceRequest.
 * GET /api/export?start=&end=: every trace that starts in the window and every log record in it,
 * as JSON lines of OTLP/JSON requests (the Collector file exporter's format), streamed at the
 * pace the client reads (it stops when the client goes); the import reads both back. Either is
 * read a step of at most STEP_SPANS spans at a time, so neither holds a large trace whole.
 */
export function registerExportApi(
  router: QueryRouter,
  connections: ReaderPool | DuckDBConnection,
  options: { onError: (error: unknown) => void },
): void {
  const readers = connections instanceof DuckDBConnection ? singleReader(connections) : connections;
  const traces = createTraceReader(readers);

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
    await writeRangeExport(readers, range, (line) => writeOrWait(response, line));
    response.end();
  }

  const api = router.api('native');
  api.on(['GET', 'HEAD'], '/api/export', (request, response) =>
    answer(() => exportRange(new URL(request.url ?? '/', 'http://localhost'), response), response),
  );
  api.on(['GET', 'HEAD'], '/api/export/traces/:id', (_request, response, params) => {
    let id: string;
    try {
      id = decodeURIComponent(params.id ?? '');
    } catch {
      sendJson(response, 400, { error: `invalid percent-encoding in the trace id ${params.id}` });
      return;
    }
    return answer(() => exportTrace(traces, id, response), response);
  });

  /** Runs an export; a client gone stops it, a failure is a 500 or a cut answer. */
  async function answer(run: () => Promise<void>, response: ServerResponse): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof ClientGoneError) return; // nobody to answer; the reads just stop
      options.onError(error);
      if (!response.headersSent) sendJson(response, 500, { error: 'export failed' });
      else response.destroy();
    }
  }
}

/** The export API alone, resolving false for other paths (tests serve it so). */
export function createExportHandler(
  connections: ReaderPool | DuckDBConnection,
  options: { onError: (error: unknown) => void },
) {
  return routeHandlerOf((router) => registerExportApi(router, connections, options));
}
