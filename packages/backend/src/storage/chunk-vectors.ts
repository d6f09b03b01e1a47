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
