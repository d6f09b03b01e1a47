import { type DuckDBAppender, DuckDBDataChunk } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { copyColumn, copyTextCells, markNulls } from './chunk-vectors.js';
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

/**
 * Appends a batch to `logs` through DuckDB's data chunk interface, as span-appender.ts does for
 * spans: fixed-width columns one memory copy per chunk, short strings one copy per column.
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
      copyTextCells(vector, columns, perRow, source.text, from, n);
    });
    duckdb.data_chunk_set_size(chunk.chunk, n);
    appender.appendDataChunk(chunk);
  }
}
