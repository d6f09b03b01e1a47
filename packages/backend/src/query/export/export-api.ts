import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sendJson } from '../../send-json.js';
import { parseTraceId } from '../jaeger/trace-id.js';
import { createTraceReader } from '../jaeger/trace-reader.js';
import { toOtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';
import { parseTimeParam } from '../native/time-param.js';
import { toOtlpLogsRequest } from './logs-to-otlp-json.js';

/** Traces and log records per line of a time-range export, bounding memory per step. */
const TRACES_PER_STEP = 200;
const LOGS_PER_LINE = 1000;

function window(url: URL): { startNs: bigint; endNs: bigint } | string {
  const end = url.searchParams.get('end');
  const start = url.searchParams.get('start');
  const endNs = end ? parseTimeParam(end) : BigInt(Date.now()) * 1_000_000n;
  if (endNs === undefined)
    return `end=${JSON.stringify(end)}: expected milliseconds since 1970 or an ISO 8601 time`;
  const startNs = start ? parseTimeParam(start) : endNs - 3_600_000_000_000n;
  if (startNs === undefined)
    return `start=${JSON.stringify(start)}: expected milliseconds since 1970 or an ISO 8601 time`;
  if (startNs > endNs) return 'start is after end';
  return { startNs, endNs };
}

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
    const range = window(url);
    if (typeof range === 'string') {
      sendJson(response, 400, { error: range });
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': 'attachment; filename="otel-lab-export.jsonl"',
    });
    const ids = (
      await connection.runAndReadAll(
        `SELECT trace_id FROM spans GROUP BY trace_id HAVING min(start_ns) BETWEEN $1 AND $2 ORDER BY min(start_ns)`,
        [range.startNs, range.endNs],
      )
    )
      .getRowObjects()
      .map((row) => row.trace_id as bigint);
    for (let at = 0; at < ids.length; at += TRACES_PER_STEP) {
      const rows = await traces.readTraces(ids.slice(at, at + TRACES_PER_STEP));
      const byTrace = new Map<bigint, typeof rows>();
      for (const row of rows) byTrace.set(row.traceId, [...(byTrace.get(row.traceId) ?? []), row]);
      for (const traceRows of byTrace.values()) {
        response.write(`${JSON.stringify({ resourceSpans: toOtlpResourceSpans(traceRows) })}\n`);
      }
    }
    for (let offset = 0; ; offset += LOGS_PER_LINE) {
      const rows = (
        await connection.runAndReadAll(
          `SELECT * FROM logs WHERE coalesce(nullif(time_ns, 0), observed_ns) BETWEEN $1 AND $2
            ORDER BY rowid LIMIT ${LOGS_PER_LINE} OFFSET ${offset}`,
          [range.startNs, range.endNs],
        )
      ).getRowObjects();
      if (rows.length > 0) response.write(`${JSON.stringify(toOtlpLogsRequest(rows))}\n`);
      if (rows.length < LOGS_PER_LINE) break;
    }
    response.end();
  }

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const single = /^\/api\/export\/traces\/([^/]+)$/.exec(url.pathname);
    if (url.pathname !== '/api/export' && !single) return false;
    if (request.method !== 'GET') {
      sendJson(response, 405, { error: `${request.method} is not allowed on ${url.pathname}` });
      return true;
    }
    try {
      if (single) await exportTrace(decodeURIComponent(single[1] ?? ''), response);
      else await exportRange(url, response);
    } catch (error) {
      options.onError(error);
      if (!response.headersSent) sendJson(response, 500, { error: 'export failed' });
      else response.destroy();
    }
    return true;
  };
}
