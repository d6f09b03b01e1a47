import { DuckDBConnection } from '@duckdb/node-api';
import { type ReaderPool, singleReader } from '../../storage/reader-pool.js';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { createTraceReader, type TraceReader } from '../jaeger/trace-reader.js';
import { OtlpTraceText } from '../jaeger-v3/otlp-trace-text.js';
import { TextPieces } from '../json-text.js';
import { parseTimeWindow, type TimeWindow } from '../native/time-param.js';
import { toOtlpLogsRequest } from './logs-to-otlp-json.js';
import { type RangeTraces, readRangeTraces, traceIdAt } from './range-traces.js';

/**
 * What an export reads and holds at a time: whole traces up to STEP_SPANS spans and STEP_TRACES
 * traces (one line each), a larger trace in lines of STEP_SPANS spans, or LOGS_PER_LINE log
 * records. Each step is read and converted (in slices, between turns of the event loop) before
 * a line of it is written, so a slow reader holds no database connection.
 */
export const STEP_SPANS = 5_000;
const STEP_TRACES = 200;
const LOGS_PER_LINE = 1000;
const DEFAULT_WINDOW_MS = 3_600_000;

export type TimeRange = TimeWindow;

/** Writes a line (its newline included); a promise when the next must wait (backpressure). */
export type WriteLine = (line: string) => void | Promise<void>;

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
  dropped_attributes, flags, trace_id, span_id, event_name, source_id`;

/** A trace (or part of one) as an OTLP/JSON ExportTraceServiceRequest's line, in pieces. */
function requestLine(trace: OtlpTraceText): string[] {
  const out = new TextPieces();
  out.push('{"resourceSpans":[');
  trace.writeResourceSpans(out, true);
  out.push(']}\n');
  return out.take();
}

/**
 * Up to STEP_SPANS spans of trace `id` stored after rowid `after` (from its first when
 * undefined), grouped as ResourceSpans; `last` is the rowid to go on from.
 */
export async function readTracePart(
  reader: TraceReader,
  id: bigint,
  after?: bigint,
): Promise<{ trace: OtlpTraceText; spans: number; last?: bigint }> {
  const trace = new OtlpTraceText(false);
  let spans = 0;
  let last: bigint | undefined;
  await reader.streamSpans({ ids: [id], first: STEP_SPANS, after, copies: true }, (row) => {
    trace.add(row);
    spans += 1;
    last = row.rowid;
  });
  return { trace, spans, last };
}

async function writePieces(pieces: string[], write: WriteLine): Promise<void> {
  for (let piece = pieces.shift(); piece !== undefined; piece = pieces.shift()) await write(piece);
}

/** Whole traces [from, to) of `traces`, one line each, read in one step. */
async function writeTraces(
  reader: TraceReader,
  traces: RangeTraces,
  from: number,
  to: number,
  write: WriteLine,
) {
  const ids = Array.from({ length: to - from }, (_, k) => traceIdAt(traces, from + k));
  const lines: string[][] = [];
  let trace: OtlpTraceText | undefined;
  let current: bigint | undefined;
  await reader.streamSpans({ ids, copies: true }, (row) => {
    if (row.traceId !== current) {
      if (trace) lines.push(requestLine(trace));
      trace = new OtlpTraceText(false);
      current = row.traceId;
    }
    trace?.add(row);
  });
  if (trace) lines.push(requestLine(trace));
  for (const pieces of lines.splice(0)) await writePieces(pieces, write);
}

/** One trace in lines of up to STEP_SPANS spans, each read in a step of its own. */
async function writeLargeTrace(reader: TraceReader, id: bigint, write: WriteLine) {
  for (let after: bigint | undefined; ; ) {
    const part = await readTracePart(reader, id, after);
    if (part.spans > 0) await writePieces(requestLine(part.trace), write);
    if (part.spans < STEP_SPANS || part.last === undefined) return;
    after = part.last;
  }
}

/**
 * Every trace whose first span starts in `range` (one OTLP/JSON line each, or several for a
 * trace of more than STEP_SPANS spans) and every log record in it (lines of up to 1000), as JSON
 * lines the import reads back. The next step waits for the promise `write` returns, which is how
 * a slow reader slows the export.
 */
export async function writeRangeExport(
  connections: ReaderPool | DuckDBConnection,
  range: TimeRange,
  write: WriteLine,
): Promise<void> {
  const readers = connections instanceof DuckDBConnection ? singleReader(connections) : connections;
  const reader = createTraceReader(readers);
  const traces = await readers.use((c) => readRangeTraces(c, range));
  for (let at = 0; at < traces.count; ) {
    if ((traces.spans[at] ?? 0) > STEP_SPANS) {
      await writeLargeTrace(reader, traceIdAt(traces, at), write);
      at += 1;
      continue;
    }
    let end = at;
    for (let spans = 0; end < traces.count && end - at < STEP_TRACES; end++) {
      spans += traces.spans[end] ?? 0;
      if (spans > STEP_SPANS) break;
    }
    await writeTraces(reader, traces, at, end, write);
    at = end;
  }
  await writeLogs(readers, range, write);
}

/**
 * Keyset pages in storage order: seq is unique and increasing as rows are stored, so a page
 * starts after the last seq of the one before, and rows deleted meanwhile shift nothing.
 */
async function writeLogs(readers: ReaderPool, range: TimeRange, write: WriteLine) {
  const page = (c: DuckDBConnection, after: bigint) =>
    c.runAndReadAll(
      `SELECT page.*, src.resource, src.scope
         FROM (SELECT ${LOG_COLUMNS} FROM logs WHERE ${LOG_TIME} BETWEEN $1 AND $2 AND seq > $3
                ORDER BY seq LIMIT ${LOGS_PER_LINE}) page
         LEFT JOIN log_sources src ON src.id = page.source_id
        ORDER BY seq`,
      [range.startNs, range.endNs, after],
    );
  for (let after = -1n; ; ) {
    const rows = (await readers.use((c) => page(c, after))).getRowObjects();
    if (rows.length > 0) await write(`${JSON.stringify(toOtlpLogsRequest(rows))}\n`);
    if (rows.length < LOGS_PER_LINE) break;
    after = rows[rows.length - 1]?.seq as bigint;
  }
}
