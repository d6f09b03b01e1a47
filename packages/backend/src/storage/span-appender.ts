import { type DuckDBAppender, DuckDBDataChunk } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { copyColumn, copyTextCells, markNulls } from './chunk-vectors.js';
import { SPAN_TEXT_COLUMNS, type SpanColumns } from './span-columns.js';

type FixedColumn = Exclude<
  keyof SpanColumns,
  | 'count'
  | 'text'
  | 'textStart'
  | 'textLength'
  | 'parentValid'
  | 'httpStatusValid'
  | 'endValid'
  | 'tagHashes'
  | 'tagHashEnd'
>;

/** The ids of each row's resource and scope (interned-text.ts). */
export interface SpanReferences {
  resourceId: Uint32Array;
  scopeId: Uint32Array;
}

/** How each column of `spans`, in table order, is filled from a SpanColumns batch. */
type ColumnSource =
  | { fixed: FixedColumn; width: number; valid?: 'parentValid' | 'httpStatusValid' | 'endValid' }
  | { reference: keyof SpanReferences }
  | { text: number }
  | { tagHashes: true };

const text = (name: (typeof SPAN_TEXT_COLUMNS)[number]): ColumnSource => ({
  text: SPAN_TEXT_COLUMNS.indexOf(name),
});

const SPAN_TABLE_COLUMNS: ColumnSource[] = [
  { fixed: 'traceId', width: 16 },
  { fixed: 'spanId', width: 8 },
  { fixed: 'parentSpanId', width: 8, valid: 'parentValid' },
  text('trace_state'),
  { fixed: 'flags', width: 4 },
  text('service'),
  text('name'),
  { fixed: 'kind', width: 1 },
  { fixed: 'startNs', width: 8 },
  { fixed: 'endNs', width: 8, valid: 'endValid' },
  { fixed: 'durationNs', width: 8 },
  { fixed: 'statusCode', width: 1 },
  text('status_message'),
  text('http_method'),
  text('http_route'),
  { fixed: 'httpStatusCode', width: 2, valid: 'httpStatusValid' },
  text('attributes'),
  { fixed: 'droppedAttributes', width: 4 },
  text('events'),
  { fixed: 'droppedEvents', width: 4 },
  text('links'),
  { fixed: 'droppedLinks', width: 4 },
  { reference: 'resourceId' },
  { reference: 'scopeId' },
  text('nested_keys'),
  { tagHashes: true },
];

/**
 * Rows from..from+n of the `tag_hashes` list column: DuckDB's list entries (offset and length,
 * two UBIGINTs a row) and the child vector of every hash, each one memory copy.
 */
function copyTagHashes(vector: duckdb.Vector, columns: SpanColumns, from: number, n: number) {
  const first = from === 0 ? 0 : (columns.tagHashEnd[from - 1] ?? 0);
  const last = columns.tagHashEnd[from + n - 1] ?? first;
  const entries = new BigUint64Array(n * 2);
  let start = first;
  for (let i = 0; i < n; i++) {
    const end = columns.tagHashEnd[from + i] ?? start;
    entries[2 * i] = BigInt(start - first);
    entries[2 * i + 1] = BigInt(end - start);
    start = end;
  }
  duckdb.list_vector_reserve(vector, last - first);
  duckdb.list_vector_set_size(vector, last - first);
  copyColumn(vector, entries, 0, n, 16);
  if (last > first) {
    copyColumn(duckdb.list_vector_get_child(vector), columns.tagHashes, first, last - first, 4);
  }
}

/**
 * Appends a batch to `spans` through DuckDB's data chunk interface: fixed-width columns are one
 * memory copy per chunk, short strings one copy per column, longer ones one call each with their
 * UTF-8 bytes (no conversion on the way).
 */
export function appendSpanColumns(
  appender: DuckDBAppender,
  columns: SpanColumns,
  references: SpanReferences,
): void {
  if (appender.columnCount !== SPAN_TABLE_COLUMNS.length) {
    throw new Error(
      `spans has ${appender.columnCount} columns; this backend writes ${SPAN_TABLE_COLUMNS.length}`,
    );
  }
  const types = SPAN_TABLE_COLUMNS.map((_, i) => appender.columnType(i));
  const chunk = DuckDBDataChunk.create(types);
  const rowsPerChunk = duckdb.vector_size();
  const perRow = SPAN_TEXT_COLUMNS.length;
  for (let from = 0; from < columns.count; from += rowsPerChunk) {
    const n = Math.min(rowsPerChunk, columns.count - from);
    duckdb.data_chunk_reset(chunk.chunk);
    SPAN_TABLE_COLUMNS.forEach((source, index) => {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, index);
      if ('reference' in source) {
        copyColumn(vector, references[source.reference], from, n, 4);
        return;
      }
      if ('tagHashes' in source) {
        copyTagHashes(vector, columns, from, n);
        return;
      }
      if ('fixed' in source) {
        copyColumn(vector, columns[source.fixed], from, n, source.width);
        const validFlags = source.valid ? columns[source.valid] : undefined;
        if (validFlags) markNulls(vector, n, (i) => validFlags[from + i] === 1);
        return;
      }
      copyTextCells(vector, columns, perRow, source.text, from, n);
    });
    duckdb.data_chunk_set_size(chunk.chunk, n);
    appender.appendDataChunk(chunk);
  }
}
