/**
 * The native-histogram rows of a select, read from the recent window or streamed out of
 * histogram_samples, packed for a query worker (histogram-rows.ts). Only series that have
 * histograms (IndexedSeries.histograms) are asked for, so a select of float series reads nothing
 * here.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readBlobs } from './blob-runs.js';
import { type HistogramRows, HistogramRowsWriter } from './histogram-rows.js';
import type { RecentSamples } from './recent-samples.js';
import { vectorBytes } from './sample-rows.js';
import type { IndexedSeries } from './series-index.js';

/** Sees each chunk's row count before it is kept; throws to stop (a limit, a deadline). */
type TakeRows = (rows: number) => void;

/** The ids of the series among `matched` that have histograms. */
export function histogramSeriesIds(matched: readonly IndexedSeries[]): number[] {
  const ids: number[] = [];
  for (const series of matched) if (series.histograms) ids.push(series.id);
  return ids;
}

export function recentHistogramRows(
  recent: RecentSamples,
  ids: readonly number[],
  minT: number,
  maxT: number,
  take: TakeRows,
): HistogramRows {
  const writer = new HistogramRowsWriter();
  for (const id of ids) {
    const held = recent.histograms.select(id, minT, maxT);
    if (!held) continue;
    take(held.timestamps.length);
    held.timestamps.forEach((t, i) => {
      writer.add(id, t, held.histograms[i] as Uint8Array);
    });
  }
  return writer.rows();
}

/** Streams the rows of `ids` in [minT, maxT] on `connection` (nothing else may run on it). */
export async function readHistogramRows(
  connection: DuckDBConnection,
  ids: readonly number[],
  minT: number,
  maxT: number,
  take: TakeRows,
): Promise<HistogramRows> {
  const result = await connection.stream(
    `SELECT series_id, t_ms, histogram FROM histogram_samples
     WHERE t_ms BETWEEN ${Math.ceil(minT)} AND ${Math.floor(maxT)} AND series_id IN (${ids.join(',')})`,
  );
  const writer = new HistogramRowsWriter();
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    take(n);
    // Vectors read as the bytes they are (UINTEGER ids, BIGINT times, the blobs a run at a time),
    // with no row arrays or DuckDB values built in between.
    // Copied (slice), so that the typed arrays over them are aligned.
    const ids = new Uint32Array(vectorBytes(chunk.chunk, 0, n, 4).slice().buffer);
    const times = new BigInt64Array(vectorBytes(chunk.chunk, 1, n, 8).slice().buffer);
    readBlobs(chunk.chunk, 2, n, {
      bytes: (run) => writer.addBytes(run),
      row: (row, length) => writer.addRow(ids[row] as number, Number(times[row]), length),
    });
  }
  return writer.rows();
}
