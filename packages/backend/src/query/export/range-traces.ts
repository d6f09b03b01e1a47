/**
 * The traces an export of a time range writes, read as compact arrays: 20 bytes a trace (its id
 * and span count), copied out of DuckDB's vectors as bytes, so that a range of a million traces
 * costs 20 MB and no object per trace. DuckDB groups and orders them in its own threads.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { TimeRange } from './export-range.js';

export interface RangeTraces {
  count: number;
  /** Trace i's id is words 2i (low 64 bits) and 2i + 1 (high 64 bits). */
  idWords: BigUint64Array;
  spans: Uint32Array;
}

/** Trace i of `traces`. */
export const traceIdAt = (traces: RangeTraces, i: number): bigint =>
  ((traces.idWords[2 * i + 1] as bigint) << 64n) | (traces.idWords[2 * i] as bigint);

/** The bytes of a vector's first `n` values of `width` bytes (a view of DuckDB's memory). */
function vectorBytes(chunk: duckdb.DataChunk, column: number, n: number, width: number) {
  return duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, column), n * width);
}

/**
 * Every trace whose first span starts in `range`, in order of that start (ties by id), with its
 * stored span count. Streams on `connection`, which must run nothing else meanwhile.
 */
export async function readRangeTraces(
  connection: DuckDBConnection,
  range: TimeRange,
): Promise<RangeTraces> {
  const result = await connection.stream(
    `SELECT trace_id, count(*)::UINTEGER AS spans FROM spans GROUP BY trace_id
     HAVING min(start_ns) BETWEEN $1 AND $2 ORDER BY min(start_ns), trace_id`,
    [range.startNs, range.endNs],
  );
  const idParts: Uint8Array[] = [];
  const spanParts: Uint8Array[] = [];
  let count = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    idParts.push(vectorBytes(chunk.chunk, 0, n, 16).slice());
    spanParts.push(vectorBytes(chunk.chunk, 1, n, 4).slice());
    count += n;
  }
  const idBytes = new Uint8Array(count * 16);
  const spanBytes = new Uint8Array(count * 4);
  let at = 0;
  idParts.forEach((part, k) => {
    idBytes.set(part, at * 16);
    spanBytes.set(spanParts[k] as Uint8Array, at * 4);
    at += part.length / 16;
  });
  return {
    count,
    idWords: new BigUint64Array(idBytes.buffer),
    spans: new Uint32Array(spanBytes.buffer),
  };
}
