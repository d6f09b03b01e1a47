/**
 * Sample rows read out of DuckDB for series-source.ts and the recent samples: the result is
 * streamed, a 2,048-row chunk at a time, each chunk's vectors copied out as bytes into a few
 * large blocks (row-chunks.ts). Streaming lets the caller stop at any chunk (a sample limit, a
 * deadline) without DuckDB having materialised the rest, and the main thread returns to its event
 * loop between chunks. A materialised read (`run`) of 1.45M samples took 146–623 ms here against
 * 87–388 ms streamed, with longer stalls of the event loop (docs/benchmarks.md).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { type RowChunk, RowChunkWriter } from './row-chunks.js';

/** A select would read more samples than allowed; PromQL reports this as an execution error. */
export class SampleLimitError extends Error {
  override name = 'SampleLimitError';
}

/** The bytes of a vector's first `n` values of `width` bytes (a view of DuckDB's memory). */
export function vectorBytes(chunk: duckdb.DataChunk, column: number, n: number, width: number) {
  return duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, column), n * width);
}

/**
 * Streams `sql` (series_id, t_ms, value) on `connection`, which must not run anything else
 * meanwhile: the next query on a connection closes its open stream. `take` sees each chunk's row
 * count before it is kept, and throws to stop the read (a limit, a deadline, a cancel).
 */
export async function readSampleChunks(
  connection: DuckDBConnection,
  sql: string,
  take: (rows: number) => void,
): Promise<RowChunk[]> {
  const result = await connection.stream(sql);
  const writer = new RowChunkWriter();
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    take(n);
    writer.addBytes(
      vectorBytes(chunk.chunk, 0, n, 4),
      vectorBytes(chunk.chunk, 1, n, 8),
      vectorBytes(chunk.chunk, 2, n, 8),
      n,
    );
  }
  return writer.chunks;
}
