import { type DuckDBAppender, DuckDBDataChunk } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { copyColumn } from './chunk-vectors.js';

/** One batch of `samples` rows as columns: series id, time (ms) and value of each point. */
export interface SampleColumns {
  seriesIds: Uint32Array;
  timestampsMs: Float64Array;
  values: Float64Array;
}

const TWO_32 = 2 ** 32;

/**
 * Milliseconds as little-endian int64 words, written through 32-bit halves: a BigInt per point
 * would cost more than the whole append. Times must be safe integers (checked by the caller).
 */
function int64Words(timestampsMs: Float64Array): Uint32Array {
  const words = new Uint32Array(timestampsMs.length * 2);
  for (let i = 0; i < timestampsMs.length; i++) {
    const t = timestampsMs[i] as number;
    const high = Math.floor(t / TWO_32);
    words[2 * i] = t - high * TWO_32;
    words[2 * i + 1] = high; // two's complement for negative times, by Uint32Array's wrapping
  }
  return words;
}

/**
 * Appends samples through DuckDB's data chunk interface: each column of each chunk is one memory
 * copy. Values are copied as bytes, so a NaN keeps its payload (the StaleNaN marker survives).
 */
export function appendSamples(appender: DuckDBAppender, columns: SampleColumns): void {
  if (appender.columnCount !== 3) {
    throw new Error(`samples has ${appender.columnCount} columns; this backend writes 3`);
  }
  const count = columns.values.length;
  const times = int64Words(columns.timestampsMs);
  const chunk = DuckDBDataChunk.create([0, 1, 2].map((i) => appender.columnType(i)));
  const rowsPerChunk = duckdb.vector_size();
  const sources: [data: ArrayBufferView, width: number][] = [
    [columns.seriesIds, 4],
    [times, 8],
    [columns.values, 8],
  ];
  for (let from = 0; from < count; from += rowsPerChunk) {
    const n = Math.min(rowsPerChunk, count - from);
    duckdb.data_chunk_reset(chunk.chunk);
    sources.forEach(([data, width], index) => {
      copyColumn(duckdb.data_chunk_get_vector(chunk.chunk, index), data, from, n, width);
    });
    duckdb.data_chunk_set_size(chunk.chunk, n);
    appender.appendDataChunk(chunk);
  }
}

/** Each point's series id, from the batch's per-series ids and slices. */
export function pointSeriesIds(
  series: readonly { first: number; count: number }[],
  ids: Uint32Array,
  pointCount: number,
): Uint32Array {
  const out = new Uint32Array(pointCount);
  series.forEach((entry, index) => {
    out.fill(ids[index] as number, entry.first, entry.first + entry.count);
  });
  return out;
}
