import type { DuckDBConnection } from '@duckdb/node-api';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { createTraceReader, type SpanRow } from '../jaeger/trace-reader.js';
import { toOtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';
import { parseTimeWindow, type TimeWindow } from '../native/time-param.js';
import { toOtlpLogsRequest } from './logs-to-otlp-json.js';

/** Traces read per step and log records per line: what an export holds in memory at once. */
const TRACES_PER_STEP = 200;
const LOGS_PER_LINE = 1000;
const DEFAULT_WINDOW_MS = 3_600_000;

export type TimeRange = TimeWindow;

/** start and end (ms or ISO 8601; the last hour by default), or the reason they are unusable. */
export function parseRange(
  start: string | null,
  end: string | null,
  nowMs = Date.now(),
): TimeRange | string {
  const query = new URLSearchParams();
  if (start) query.set('start', start);
  if (end) query.set('end', end);
  return parseTimeWindow(query, DEFAULT_WINDOW_MS, nowMs);
}

/** The columns logs-to-otlp-json.ts reads, and `seq`, the key the pages follow. */
const LOG_COLUMNS = `seq, time_ns, observed_ns, severity_number, severity_text, body, attributes,
  dropped_attributes, flags, trace_id, span_id, event_name, resource, scope`;

/**
 * Every trace that starts in `range` (one OTLP/JSON line each) and every log record in it (lines
 * of up to 1000), as JSON lines the import reads back. `write` gets each line with its newline;
 * the next step waits for the promise it returns, which is how a slow reader slows the export.
 */
export async function writeRangeExport(
  connection: DuckDBConnection,
  range: TimeRange,
  write: (line: string) => void | Promise<void>,
): Promise<void> {
  const traces = createTraceReader(connection);
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
    const byTrace = new Map<bigint, SpanRow[]>();
    for (const row of rows) {
      const spans = byTrace.get(row.traceId);
      if (spans) spans.push(row);
      else byTrace.set(row.traceId, [row]);
    }
    for (const traceRows of byTrace.values()) {
      await write(`${JSON.stringify({ resourceSpans: toOtlpResourceSpans(traceRows) })}\n`);
    }
  }
  // Keyset pages in storage order: seq is unique and increasing as rows are stored, so a page
  // starts after the last seq of the one before, and rows deleted meanwhile shift nothing.
  for (let after = -1n; ; ) {
    const rows = (
      await connection.runAndReadAll(
        `SELECT ${LOG_COLUMNS} FROM logs WHERE ${LOG_TIME} BETWEEN $1 AND $2 AND seq > $3
          ORDER BY seq LIMIT ${LOGS_PER_LINE}`,
        [range.startNs, range.endNs, after],
      )
    ).getRowObjects();
    if (rows.length > 0) await write(`${JSON.stringify(toOtlpLogsRequest(rows))}\n`);
    if (rows.length < LOGS_PER_LINE) break;
    after = rows[rows.length - 1]?.seq as bigint;
  }
}
