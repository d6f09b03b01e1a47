import duckdb from '@duckdb/node-bindings';

/**
 * Filling one vector of a DuckDB data chunk from a column batch's typed arrays, shared by the
 * span, log and sample appenders.
 */

/** Rows from..from+n of a fixed-width column (`width` bytes a value) in one memory copy. */
export function copyColumn(
  vector: duckdb.Vector,
  data: ArrayBufferView,
  from: number,
  n: number,
  width: number,
): void {
  duckdb.copy_data_to_vector(
    vector,
    0,
    data.buffer as ArrayBuffer,
    data.byteOffset + from * width,
    n * width,
  );
}

/**
 * Marks the rows whose `isValid` is false as NULL. The validity mask is written by copying a
 * whole mask in: the binding's vector_get_validity hands out a copy, not the vector's memory.
 */
export function markNulls(
  vector: duckdb.Vector,
  n: number,
  isValid: (row: number) => boolean,
): void {
  let mask: Uint8Array<ArrayBuffer> | undefined;
  for (let i = 0; i < n; i++) {
    if (isValid(i)) continue;
    mask ??= new Uint8Array(Math.ceil(n / 64) * 8).fill(0xff);
    mask[i >> 3] = (mask[i >> 3] ?? 0) & ~(1 << (i & 7));
  }
  if (!mask) return;
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.byteLength);
}

/** A batch's string cells: every cell's UTF-8 bytes in `text`, at start/length (-1: NULL). */
export interface TextCellColumns {
  text: Uint8Array;
  textStart: Uint32Array;
  textLength: Int32Array;
}

/** duckdb_string_t (duckdb.h): 16 bytes; up to 12 bytes of text are held inside it. */
const STRING_T = 16;
const INLINE_MAX = 12;

/**
 * Rows from..from+n of string column `column` (of `perRow` a row). Short cells are written as
 * inlined duckdb_string_t values, the layout duckdb.h documents, all in one copy; only longer
 * ones cost a call each, which copies them into the vector's string heap. Most cells of a span
 * or a log record (names, methods, levels, empty texts) are short.
 */
export function copyTextCells(
  vector: duckdb.Vector,
  cells: TextCellColumns,
  perRow: number,
  column: number,
  from: number,
  n: number,
): void {
  const { text, textStart, textLength } = cells;
  markNulls(vector, n, (i) => (textLength[(from + i) * perRow + column] ?? -1) >= 0);
  // Left zero: NULL cells, and long cells until their call below fills them.
  const values = new Uint8Array(n * STRING_T);
  const lengths = new DataView(values.buffer);
  let long = 0;
  for (let i = 0; i < n; i++) {
    const cell = (from + i) * perRow + column;
    const length = textLength[cell] ?? -1;
    if (length > INLINE_MAX) long += 1;
    if (length <= 0 || length > INLINE_MAX) continue;
    const start = textStart[cell] ?? 0;
    const at = i * STRING_T;
    lengths.setUint32(at, length, true);
    for (let b = 0; b < length; b++) values[at + 4 + b] = text[start + b] ?? 0;
  }
  if (long < n) duckdb.copy_data_to_vector(vector, 0, values.buffer, 0, values.byteLength);
  if (long === 0) return;
  for (let i = 0; i < n; i++) {
    const cell = (from + i) * perRow + column;
    const length = textLength[cell] ?? -1;
    if (length <= INLINE_MAX) continue;
    const start = textStart[cell] ?? 0;
    duckdb.vector_assign_string_element_len(vector, i, text.subarray(start, start + length));
  }
}
