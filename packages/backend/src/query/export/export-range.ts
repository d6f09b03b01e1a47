import type { DuckDBConnection } from '@duckdb/node-api';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { createTraceReader } from '../jaeger/trace-reader.js';
import { toOtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';
import { parseTimeParam } from '../native/time-param.js';
import { toOtlpLogsRequest } from './logs-to-otlp-json.js';

/** Traces and log records per line of a time-range export, bounding memory per step. */
const TRACES_PER_STEP = 200;
const LOGS_PER_LINE = 1000;

export interface TimeRange {
  startNs: bigint;
  endNs: bigint;
}

/** start and end (ms or ISO 8601; the last hour by default), or the reason they are unusable. */
export function parseRange(
  start: string | null,
  end: string | null,
  nowMs = Date.now(),
): TimeRange | string {
  const endNs = end ? parseTimeParam(end) : BigInt(nowMs) * 1_000_000n;
  if (endNs === undefined)
    return `end=${JSON.stringify(end)}: expected milliseconds since 1970 or an ISO 8601 time`;
  const startNs = start ? parseTimeParam(start) : endNs - 3_600_000_000_000n;
  if (startNs === undefined)
    return `start=${JSON.stringify(start)}: expected milliseconds since 1970 or an ISO 8601 time`;
  if (startNs > endNs) return 'start is after end';
  return { startNs, endNs };
}

/**
 * Every trace that starts in `range` (one OTLP/JSON line each) and every log record in it (lines
 * of up to 1000), as JSON lines the import reads back. `write` gets each line with its newline.
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
    const byTrace = new Map<bigint, typeof rows>();
    for (const row of rows) byTrace.set(row.traceId, [...(byTrace.get(row.traceId) ?? []), row]);
    for (const traceRows of byTrace.values()) {
      await write(`${JSON.stringify({ resourceSpans: toOtlpResourceSpans(traceRows) })}\n`);
    }
  }
  for (let offset = 0; ; offset += LOGS_PER_LINE) {
    const rows = (
      await connection.runAndReadAll(
        `SELECT * FROM logs WHERE ${LOG_TIME} BETWEEN $1 AND $2
            ORDER BY rowid LIMIT ${LOGS_PER_LINE} OFFSET ${offset}`,
        [range.startNs, range.endNs],
      )
    ).getRowObjects();
    if (rows.length > 0) await write(`${JSON.stringify(toOtlpLogsRequest(rows))}\n`);
    if (rows.length < LOGS_PER_LINE) break;
  }
}
