import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { MetricMetadata, SampleBatch } from '../metrics/sample.js';
import { encodeHistogram } from './histogram-codec.js';
import { RecentSamples } from './recent-samples.js';
import { appendSamples, pointSeriesIds } from './sample-appender.js';
import { type IndexedSeries, openSeriesIndex } from './series-index.js';
import { DEFAULT_MAX_SERIES, withoutSeries } from './series-limit.js';
import { inWriteTransaction, type OpenAppender } from './transaction.js';

/** A batch the store cannot hold as given: a source's bug, reported rather than stored. */
export class SampleBatchError extends Error {
  override name = 'SampleBatchError';
}

function checkBatch(batch: SampleBatch): void {
  const points = batch.values.length;
  if (batch.timestampsMs.length !== points) {
    throw new SampleBatchError(`${batch.timestampsMs.length} timestamps for ${points} values`);
  }
  for (const entry of batch.series) {
    if (entry.first < 0 || entry.count < 0 || entry.first + entry.count > points) {
      throw new SampleBatchError(
        `a series' points [${entry.first}, +${entry.count}) run past ${points}`,
      );
    }
  }
  for (let i = 0; i < points; i++) {
    if (!Number.isSafeInteger(batch.timestampsMs[i])) {
      throw new SampleBatchError(`timestamp ${batch.timestampsMs[i]} is not whole milliseconds`);
    }
  }
  for (const { histograms } of batch.series) {
    if (!histograms) continue;
    if (histograms.timestampsMs.length !== histograms.values.length) {
      throw new SampleBatchError(
        `${histograms.timestampsMs.length} histogram timestamps for ${histograms.values.length} histograms`,
      );
    }
    for (const t of histograms.timestampsMs) {
      if (!Number.isSafeInteger(t)) {
        throw new SampleBatchError(`histogram timestamp ${t} is not whole milliseconds`);
      }
    }
  }
}

/**
 * The metric tables (series, samples, histogram_samples, exemplars, metric_metadata) behind the
 * writer connection.
 * `write` must run on the store's write queue: it assumes no other write is in flight.
 */
export async function openMetricStore(writer: DuckDBConnection, maxSeries = DEFAULT_MAX_SERIES) {
  const series = await openSeriesIndex(writer);
  /** Samples not stored because their series would have passed `maxSeries`. */
  let refusedSamples = 0;
  // Each series' latest sample time, so retention finds the series it emptied without a scan of
  // `samples` (read once here, at open).
  const lastMs = new Map<number, number>();
  const latest = await writer.runAndReadAll(
    `SELECT series_id, max(t_ms) AS last, bool_or(histogram) AS histogram FROM (
       SELECT series_id, t_ms, false AS histogram FROM samples
       UNION ALL SELECT series_id, t_ms, true FROM histogram_samples)
     GROUP BY series_id`,
  );
  for (const row of latest.getRowObjects()) {
    lastMs.set(Number(row.series_id), Number(row.last));
    if (row.histogram === true) series.markHistograms([Number(row.series_id)]);
  }
  const recent = new RecentSamples();
  await recent.load(writer);
  const metadata = new Map<string, MetricMetadata>();
  const rows = await writer.runAndReadAll('SELECT metric, type, help, unit FROM metric_metadata');
  for (const row of rows.getRowObjects()) {
    metadata.set(String(row.metric), row as unknown as MetricMetadata);
  }

  /** Metadata that differs from what is stored; the last entry of a family wins. */
  function changedMetadata(batch: SampleBatch): MetricMetadata[] {
    const latest = new Map<string, MetricMetadata>();
    for (const entry of batch.metadata) latest.set(entry.metric, entry);
    return [...latest.values()].filter((entry) => {
      const stored = metadata.get(entry.metric);
      return (
        !stored ||
        stored.type !== entry.type ||
        stored.help !== entry.help ||
        stored.unit !== entry.unit
      );
    });
  }

  /**
   * New series past the limit are refused with their samples (counted, not an error: the rest
   * of the batch, and every known series, is still stored), as a cardinality explosion must not
   * take the backend's memory.
   */
  function withinLimit(batch: SampleBatch) {
    const found = series.idsOf(batch.series);
    const room = Math.max(0, maxSeries - series.size);
    if (found.added.length <= room) return { batch, ...found };
    const refused = found.added.slice(room);
    series.forget(refused);
    const kept = withoutSeries(batch, found.ids, new Set(refused.map((s) => s.id)));
    refusedSamples += kept.refusedPoints;
    return { batch: kept.batch, ids: kept.ids, added: found.added.slice(0, room) };
  }

  async function write(input: SampleBatch): Promise<void> {
    checkBatch(input);
    const { batch, ids, added } = withinLimit(input);
    const changed = changedMetadata(batch);
    const histograms = encodedHistograms(batch, ids);
    try {
      await inWriteTransaction(writer, async (open) => {
        if (added.length > 0) series.append(await open('series'), added);
        if (batch.values.length > 0) {
          appendSamples(await open('samples'), {
            seriesIds: pointSeriesIds(batch.series, ids, batch.values.length),
            timestampsMs: batch.timestampsMs,
            values: batch.values,
          });
        }
        if (histograms.ids.length > 0)
          appendHistograms(await open('histogram_samples'), histograms);
        await appendExemplars(batch, ids, open);
        for (const entry of changed) {
          await writer.run('INSERT OR REPLACE INTO metric_metadata VALUES ($1, $2, $3, $4)', [
            entry.metric,
            entry.type,
            entry.help,
            entry.unit,
          ]);
        }
      });
    } catch (error) {
      series.forget(added);
      throw error;
    }
    series.remember(added);
    series.markHistograms(histograms.ids);
    recent.add(batch, ids);
    recent.addHistograms(histograms.ids, histograms.times, histograms.bytes);
    for (const entry of changed) metadata.set(entry.metric, { ...entry });
    batch.series.forEach((entry, index) => {
      const id = ids[index] as number;
      let last = lastMs.get(id) ?? Number.NEGATIVE_INFINITY;
      for (let i = entry.first; i < entry.first + entry.count; i++) {
        last = Math.max(last, batch.timestampsMs[i] as number);
      }
      for (const t of entry.histograms?.timestampsMs ?? []) last = Math.max(last, t);
      lastMs.set(id, last);
    });
  }

  return {
    series,
    /** The newest samples, in memory for fast selects (recent-samples.ts). */
    recent,
    maxSeries,
    get refusedSamples(): number {
      return refusedSamples;
    },
    /** Each metric family's latest metadata. */
    metadata: metadata as ReadonlyMap<string, MetricMetadata>,
    write,
    /**
     * After retention deleted every sample before `cutoffMs`: deletes the series whose samples
     * all went, from the table and the index, so the index stays as large as what is stored.
     */
    async dropSeriesEndedBefore(cutoffMs: number): Promise<number> {
      recent.forgetBefore(cutoffMs);
      const gone: number[] = [];
      for (const entry of series.all()) {
        if ((lastMs.get(entry.id) ?? Number.NEGATIVE_INFINITY) < cutoffMs) gone.push(entry.id);
      }
      for (let from = 0; from < gone.length; from += 10_000) {
        const ids = gone.slice(from, from + 10_000).join(',');
        await writer.run(`DELETE FROM series WHERE id IN (${ids})`);
      }
      series.drop(gone);
      recent.drop(gone);
      for (const id of gone) lastMs.delete(id);
      return gone.length;
    },
  };
}

/** The batch's native histograms as histogram_samples rows, encoded once for disk and memory. */
function encodedHistograms(batch: SampleBatch, ids: Uint32Array) {
  const rows = { ids: [] as number[], times: [] as number[], bytes: [] as Uint8Array[] };
  batch.series.forEach((entry, index) => {
    const histograms = entry.histograms;
    if (!histograms) return;
    histograms.values.forEach((histogram, i) => {
      rows.ids.push(ids[index] as number);
      rows.times.push(histograms.timestampsMs[i] as number);
      rows.bytes.push(encodeHistogram(histogram));
    });
  });
  return rows;
}

function appendHistograms(
  appender: DuckDBAppender,
  rows: { ids: number[]; times: number[]; bytes: Uint8Array[] },
): void {
  rows.ids.forEach((id, i) => {
    appender.appendUInteger(id);
    appender.appendBigInt(BigInt(rows.times[i] as number));
    appender.appendBlob(rows.bytes[i] as Uint8Array);
    appender.endRow();
  });
}

/** Exemplars without a time of their own take their series' last point's. */
async function appendExemplars(
  batch: SampleBatch,
  ids: Uint32Array,
  open: OpenAppender,
): Promise<void> {
  let appender: DuckDBAppender | undefined;
  for (const [index, entry] of batch.series.entries()) {
    for (const exemplar of entry.exemplars ?? []) {
      appender ??= await open('exemplars');
      const lastMs =
        entry.count > 0
          ? (batch.timestampsMs[entry.first + entry.count - 1] ?? 0)
          : (entry.histograms?.timestampsMs.at(-1) ?? 0);
      const ms = exemplar.timestampMs ?? lastMs;
      appender.appendUInteger(ids[index] as number);
      appender.appendBigInt(BigInt(Number.isFinite(ms) ? Math.trunc(ms) : lastMs));
      appender.appendDouble(exemplar.value);
      appender.appendVarchar(JSON.stringify(exemplar.labels));
      appender.endRow();
    }
  }
}

export type MetricStore = Awaited<ReturnType<typeof openMetricStore>>;
export type { IndexedSeries };
