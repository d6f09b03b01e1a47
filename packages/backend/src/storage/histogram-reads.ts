/**
 * The native-histogram rows of a select, read from the recent window or streamed out of
 * histogram_samples, packed for a query worker (histogram-rows.ts). Only series that have
 * histograms (IndexedSeries.histograms) are asked for, so a select of float series reads nothing
 * here.
 */
import type { DuckDBBlobValue, DuckDBConnection } from '@duckdb/node-api';
import { type HistogramRows, HistogramRowsWriter } from './histogram-rows.js';
import type { RecentSamples } from './recent-samples.js';
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
    take(chunk.rowCount);
    for (const [id, t, bytes] of chunk.getRows()) {
      writer.add(Number(id), Number(t), (bytes as DuckDBBlobValue).bytes);
    }
  }
  return writer.rows();
}
