import { type DuckDBAppender, DuckDBDataChunk } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { copyColumn, markNulls } from './chunk-vectors.js';
import { LOG_TEXT_COLUMNS, type LogColumns } from './log-columns.js';

type FixedColumn =
  | 'timeNs'
  | 'observedNs'
  | 'severityNumber'
  | 'droppedAttributes'
  | 'flags'
  | 'traceId'
  | 'spanId';

/** What the writer assigns to each row: its seq and its log_sources id. */
export interface LogRowIds {
  seq: BigInt64Array;
  sourceId: Uint32Array;
}

/** How each column of `logs`, in table order, is filled from a LogColumns batch. */
type ColumnSource =
  | { fixed: FixedColumn; width: number; valid?: 'traceValid' | 'spanValid' }
  | { assigned: keyof LogRowIds; width: number }
  | { text: number };

const text = (name: (typeof LOG_TEXT_COLUMNS)[number]): ColumnSource => ({
  text: LOG_TEXT_COLUMNS.indexOf(name),
});

const LOG_TABLE_COLUMNS: ColumnSource[] = [
  { fixed: 'timeNs', width: 8 },
  { fixed: 'observedNs', width: 8 },
  text('service'),
  { fixed: 'severityNumber', width: 1 },
  text('severity_text'),
  text('body'),
  text('attributes'),
  { fixed: 'droppedAttributes', width: 4 },
  { fixed: 'flags', width: 4 },
  { fixed: 'traceId', width: 16, valid: 'traceValid' },
  { fixed: 'spanId', width: 8, valid: 'spanValid' },
  text('event_name'),
  { assigned: 'seq', width: 8 },
  { assigned: 'sourceId', width: 4 },
  text('detected_level'),
];

/** DuckDB keeps a string of up to 12 bytes inside its 16-byte string_t: length, then bytes. */
const INLINE_MAX = 12;
const STRING_T = 16;

/**
 * Copies text column `column` of rows from..from+n in as string_t values in one call when every
 * cell is short enough to be inlined (severity texts, levels, event names mostly are): one copy
 * instead of a call per cell. Returns false, having written nothing, when a cell is longer.
 */
function copyInlined(
  vector: duckdb.Vector,
  columns: LogColumns,
  from: number,
  n: number,
  column: number,
): boolean {
  const perRow = LOG_TEXT_COLUMNS.length;
  for (let i = 0; i < n; i++) {
    if ((columns.textLength[(from + i) * perRow + column] ?? 0) > INLINE_MAX) return false;
  }
  const values = new Uint8Array(n * STRING_T);
  const lengths = new DataView(values.buffer);
  for (let i = 0; i < n; i++) {
    const cell = (from + i) * perRow + column;
    const start = columns.textStart[cell] ?? 0;
    const length = columns.textLength[cell] ?? 0;
    lengths.setUint32(i * STRING_T, length, true);
    for (let b = 0; b < length; b++) values[i * STRING_T + 4 + b] = columns.text[start + b] ?? 0;
  }
  duckdb.copy_data_to_vector(vector, 0, values.buffer, 0, values.byteLength);
  return true;
}

/**
 * Appends a batch to `logs` through DuckDB's data chunk interface, as span-appender.ts does for
 * spans: fixed-width columns one memory copy per chunk, strings one call each with their bytes.
 */
export function appendLogColumns(
  appender: DuckDBAppender,
  columns: LogColumns,
  ids: LogRowIds,
): void {
  if (appender.columnCount !== LOG_TABLE_COLUMNS.length) {
    throw new Error(
      `logs has ${appender.columnCount} columns; this backend writes ${LOG_TABLE_COLUMNS.length}`,
    );
  }
  const types = LOG_TABLE_COLUMNS.map((_, i) => appender.columnType(i));
  const chunk = DuckDBDataChunk.create(types);
  const rowsPerChunk = duckdb.vector_size();
  const perRow = LOG_TEXT_COLUMNS.length;
  for (let from = 0; from < columns.count; from += rowsPerChunk) {
    const n = Math.min(rowsPerChunk, columns.count - from);
    duckdb.data_chunk_reset(chunk.chunk);
    LOG_TABLE_COLUMNS.forEach((source, index) => {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, index);
      if ('assigned' in source) {
        copyColumn(vector, ids[source.assigned], from, n, source.width);
        return;
      }
      if ('fixed' in source) {
        copyColumn(vector, columns[source.fixed], from, n, source.width);
        if (source.valid) {
          const flags = columns[source.valid];
          markNulls(vector, n, (i) => flags[from + i] === 1);
        }
        return;
      }
      if (copyInlined(vector, columns, from, n, source.text)) return;
      for (let i = 0; i < n; i++) {
        const cell = (from + i) * perRow + source.text;
        const start = columns.textStart[cell] ?? 0;
        const length = columns.textLength[cell] ?? 0;
        duckdb.vector_assign_string_element_len(
          vector,
          i,
          columns.text.subarray(start, start + length),
        );
      }
    });
    duckdb.data_chunk_set_size(chunk.chunk, n);
    appender.appendDataChunk(chunk);
  }
}
