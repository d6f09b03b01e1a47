/**
 * The values of a BLOB vector of a DuckDB data chunk, copied out a run at a time. DuckDB keeps a
 * vector's longer blobs (over 12 bytes) in its string heap, most often back to back: each run of
 * adjacent blobs is one copy out of native memory rather than one per blob (a 96,000-row read of
 * native histograms made 96,000 copies, ~2 µs each; now a few hundred). Adjacency is read off the
 * vector's own string_t structs (length, then a pointer), so a run never spans memory DuckDB does
 * not hold for these values.
 */
import duckdb from '@duckdb/node-bindings';

/** A string_t: 16 bytes, its length first; up to 12 bytes inline, else a prefix and a pointer. */
const STRING_T = 16;
const INLINE = 12;

/** Where a column's blobs go: their bytes a run at a time, then each row's length, in row order. */
export interface BlobSink {
  bytes(run: Uint8Array): void;
  row(row: number, length: number): void;
}

/** Hands rows 0…n-1 of column `column` (a BLOB, no NULLs) of `chunk` to `sink`. */
export function readBlobs(
  chunk: duckdb.DataChunk,
  column: number,
  n: number,
  sink: BlobSink,
): void {
  const structs = duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, column), n * STRING_T);
  const view = new DataView(structs.buffer, structs.byteOffset, structs.byteLength);
  const lengthOf = (row: number) => view.getUint32(row * STRING_T, true);
  // Addresses of user space fit in 48 bits: exact as numbers.
  const pointerOf = (row: number) => Number(view.getBigUint64(row * STRING_T + 8, true));
  let row = 0;
  while (row < n) {
    const length = lengthOf(row);
    if (length <= INLINE) {
      sink.bytes(new Uint8Array(structs.buffer, structs.byteOffset + row * STRING_T + 4, length));
      sink.row(row, length);
      row++;
      continue;
    }
    let end = row + 1;
    let total = length;
    let next = pointerOf(row) + length;
    while (end < n) {
      const more = lengthOf(end);
      if (more <= INLINE || pointerOf(end) !== next) break;
      total += more;
      next += more;
      end++;
    }
    sink.bytes(
      duckdb.get_data_from_pointer(
        structs.buffer as ArrayBuffer,
        structs.byteOffset + row * STRING_T + 8,
        total,
      ),
    );
    for (; row < end; row++) sink.row(row, lengthOf(row));
  }
}
