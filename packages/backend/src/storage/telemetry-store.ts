import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { LogData, MetricData, SpanData } from '@otel-lab/otlp';
import type { SampleBatch } from '../metrics/sample.js';
import { appendMetric } from './append-rows.js';
import { createGroupCommit } from './group-commit.js';
import { createIngestLevels } from './ingest-level.js';
import { openInternTable } from './interned-text.js';
import { appendLogColumns, type LogRowIds } from './log-appender.js';
import { buildLogColumns, type LogColumns } from './log-columns.js';
import { type NewSource, openLogSources } from './log-sources.js';
import { openMetricStore } from './metric-store.js';
import { createReaderPool } from './reader-pool.js';
import { type Eviction, enforceRetention, type RetentionLimits, usedBytes } from './retention.js';
import { ensureSchema } from './schema.js';
import { appendSpanColumns } from './span-appender.js';
import { buildSpanColumns, type SpanColumns } from './span-columns.js';
import { inWriteTransaction } from './transaction.js';
import { createWriteQueue } from './write-queue.js';

export const DATABASE_FILE = 'telemetry.duckdb';

export interface StoreOptions {
  dataDir: string;
  /** Batches that may wait for the writer before ingest answers 503. */
  queueLimit?: number;
  /** Metric series held at most; samples of new series past it are refused (counted). */
  maxSeries?: number;
  /** Memory DuckDB may use for cached data and queries (DEFAULT_DB_MEMORY_BYTES). */
  memoryLimitBytes?: number;
}

/**
 * 128 MiB: with a 64 MB checkpoint threshold it held the backend's peak RSS to 463-501 MB at a
 * million spans against ~655 MB with 256 MB and 256 MiB, at the same ingest rate and faster
 * searches (docs/benchmarks.md).
 */
export const DEFAULT_DB_MEMORY_BYTES = 128 * 2 ** 20;

export interface StoreCounts {
  spans: number;
  logs: number;
  /** OTLP metrics as received (received_metrics rows). */
  metrics: number;
  /** Prometheus series and their samples. */
  series: number;
  /** Float samples (staleness markers included), and native-histogram samples. */
  samples: number;
  histogramSamples: number;
}

/** A data directory that cannot be opened; the message says why and what to do. */
export class StorageOpenError extends Error {
  override name = 'StorageOpenError';
}

/**
 * The backend's one DuckDB database. Every write is a transaction that commits (one fsync)
 * before it resolves, so a batch the receiver acknowledges survives a crash.
 */
export async function openTelemetryStore(options: StoreOptions) {
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, DATABASE_FILE);
  const memoryLimit = options.memoryLimitBytes ?? DEFAULT_DB_MEMORY_BYTES;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, {
      // The default 16 MB halves ingest throughput (notes/duckdb-span-ingest.md §3-4); 64 MB
      // ingests as fast as 256 MB here, with shorter commit stalls and less memory held until a
      // checkpoint.
      checkpoint_threshold: '64MB',
      threads: '2',
      // DuckDB would otherwise take up to 80 % of the machine's memory for its caches.
      memory_limit: `${Math.max(1, Math.round(memoryLimit / 2 ** 20))}MiB`,
    });
  } catch (error) {
    throw new StorageOpenError(
      `cannot open ${file}: ${(error as Error).message}. Is another backend using this data directory?`,
    );
  }
  const writer = await instance.connect();
  try {
    await ensureSchema(writer);
  } catch (error) {
    writer.closeSync();
    instance.closeSync();
    throw error;
  }
  const reader = await instance.connect();
  // Streaming reads (PromQL's sample selects) each borrow a connection of their own.
  const readers = createReaderPool(() => instance.connect(), 4);
  const resources = await openInternTable(writer, 'resources');
  const scopes = await openInternTable(writer, 'scopes');
  const logSources = await openLogSources(writer);
  const metrics = await openMetricStore(writer, options.maxSeries);
  const queue = createWriteQueue(options.queueLimit ?? 64);
  // Log records are numbered on from the largest stored (schema.ts, version 4); a failed write
  // leaves a gap, which paging does not mind.
  const [lastLog] = (
    await writer.runAndReadAll('SELECT coalesce(max(seq), 0) AS seq FROM logs')
  ).getRowObjects();
  let nextLogSeq = BigInt((lastLog?.seq as bigint | undefined) ?? 0n) + 1n;

  const walBytes = () => {
    try {
      return statSync(`${file}.wal`).size;
    } catch {
      return 0;
    }
  };

  function transaction(table: string, fill: (appender: DuckDBAppender) => void): Promise<void> {
    return inWriteTransaction(writer, async (open) => fill(await open(table)));
  }

  /** Span batches written together: one transaction, one commit, for all that are waiting. */
  async function writeSpanGroup(group: SpanColumns[]): Promise<void> {
    const refs = group.map((columns) => ({
      resource: resources.idsOf(columns, 'resource'),
      scope: scopes.idsOf(columns, 'scope'),
    }));
    const added = {
      resources: refs.flatMap((ref) => ref.resource.added),
      scopes: refs.flatMap((ref) => ref.scope.added),
    };
    try {
      await inWriteTransaction(writer, async (open) => {
        await resources.insert(writer, added.resources);
        await scopes.insert(writer, added.scopes);
        const appender = await open('spans');
        group.forEach((columns, index) => {
          const ref = refs[index] as (typeof refs)[number];
          appendSpanColumns(appender, columns, {
            resourceId: ref.resource.ids,
            scopeId: ref.scope.ids,
          });
        });
      });
    } catch (error) {
      resources.forget(added.resources);
      scopes.forget(added.scopes);
      throw error;
    }
    resources.remember(added.resources);
    scopes.remember(added.scopes);
  }
  const spanGroups = createGroupCommit(queue, writeSpanGroup, options.queueLimit ?? 64);

  const levels = createIngestLevels();
  /** Log batches written together, as spans are: one transaction, one commit, for all waiting. */
  async function writeLogGroup(group: LogColumns[]): Promise<void> {
    const added: NewSource[] = [];
    const ids = group.map((columns) => {
      const sourceIds = columns.sources.map((pair) =>
        logSources.idOfText(pair.resource, pair.scope, added),
      );
      const sourceId = new Uint32Array(columns.count);
      for (let i = 0; i < columns.count; i++) sourceId[i] = sourceIds[columns.source[i] ?? 0] ?? 0;
      return { seq: new BigInt64Array(columns.count), sourceId };
    });
    try {
      await inWriteTransaction(writer, async (open) => {
        await logSources.insert(writer, added);
        const appender = await open('logs');
        group.forEach((columns, index) => {
          const rowIds = ids[index] as LogRowIds;
          for (let i = 0; i < columns.count; i++) rowIds.seq[i] = nextLogSeq++;
          appendLogColumns(appender, columns, rowIds);
        });
      });
    } catch (error) {
      logSources.forget(added);
      throw error;
    }
    logSources.remember(added);
  }
  const logGroups = createGroupCommit(queue, writeLogGroup, options.queueLimit ?? 64);

  return {
    writeSpans(spans: SpanData[]): Promise<void> {
      return this.writeSpanColumns(buildSpanColumns(spans));
    },
    /** Spans already in column form (built by a decode worker). */
    writeSpanColumns(columns: SpanColumns): Promise<void> {
      return spanGroups.write(columns);
    },
    writeLogs(logs: LogData[]): Promise<void> {
      return logGroups.write(buildLogColumns(logs, levels));
    },
    /** Log records already in column form (built by a decode worker). */
    writeLogColumns(columns: LogColumns): Promise<void> {
      return logGroups.write(columns);
    },
    writeMetrics(metrics: MetricData[], receivedNs: bigint): Promise<void> {
      return queue.run(() =>
        transaction('received_metrics', (a) => {
          for (const metric of metrics) appendMetric(a, metric, receivedNs);
        }),
      );
    },
    /**
     * Metric samples from a scrape, an OTLP request or span metrics, with their series,
     * exemplars and metadata, in one transaction, durable before it resolves.
     */
    writeSamples(batch: SampleBatch): Promise<void> {
      return queue.run(() => metrics.write(batch));
    },
    /** Deletes telemetry past the age limit, then the oldest over the disk limit, between writes. */
    evict(limits: RetentionLimits, nowMs = Date.now()): Promise<Eviction> {
      return queue.run(async () => {
        const eviction = await enforceRetention(writer, limits, nowMs, walBytes);
        // A series whose latest sample of either kind is older than both tables' cutoffs is
        // empty (a table without a cutoff had no rows).
        const cutoffs = [eviction.before.samples, eviction.before.histogram_samples].filter(
          (cutoff) => cutoff !== undefined,
        );
        const deleted =
          (eviction.deleted.samples ?? 0) + (eviction.deleted.histogram_samples ?? 0) > 0;
        if (deleted && cutoffs.length > 0) {
          const before = Math.min(...cutoffs.map(Number));
          eviction.deleted.series = await metrics.dropSeriesEndedBefore(before);
        }
        return eviction;
      });
    },
    /** The series index and metadata, for the Prometheus API's reads (in memory, always current). */
    metrics: {
      series: metrics.series,
      recent: metrics.recent,
      metadata: metrics.metadata,
      /** The series limit, and the samples refused by it since start. */
      seriesLimit: () => ({ maxSeries: metrics.maxSeries, refusedSamples: metrics.refusedSamples }),
    },
    /** Bytes in use: the database's used blocks plus its write-ahead log. */
    usedBytes(): Promise<number> {
      return usedBytes(reader, walBytes);
    },
    /** Memory DuckDB holds now (its buffer pool and query state), and the most it may. */
    async memory(): Promise<{ usedBytes: number; limitBytes: number }> {
      const rows = await reader.runAndReadAll(
        'SELECT sum(memory_usage_bytes)::BIGINT AS used FROM duckdb_memory()',
      );
      return { usedBytes: Number(rows.getRowObjects()[0]?.used ?? 0), limitBytes: memoryLimit };
    },
    /** Read connection for queries; it sees every committed write. */
    reader: reader as DuckDBConnection,
    /** Connections for reads that stream (reader-pool.ts). */
    readers,
    async counts(): Promise<StoreCounts> {
      const rows = await reader.runAndReadAll(
        `SELECT (SELECT count(*) FROM spans)::BIGINT AS spans,
                (SELECT count(*) FROM logs)::BIGINT AS logs,
                (SELECT count(*) FROM received_metrics)::BIGINT AS metrics,
                (SELECT count(*) FROM samples)::BIGINT AS samples,
                (SELECT count(*) FROM histogram_samples)::BIGINT AS histogram_samples`,
      );
      const row = rows.getRowObjects()[0] ?? {};
      return {
        spans: Number(row.spans),
        logs: Number(row.logs),
        metrics: Number(row.metrics),
        series: metrics.series.size,
        samples: Number(row.samples),
        histogramSamples: Number(row.histogram_samples),
      };
    },
    /** Bytes the database uses on disk, write-ahead log included. */
    diskBytes(): number {
      return readdirSync(options.dataDir)
        .filter((name) => name.startsWith(DATABASE_FILE))
        .reduce((sum, name) => sum + statSync(join(options.dataDir, name)).size, 0);
    },
    get queued(): number {
      return queue.waiting + spanGroups.waiting;
    },
    close(): void {
      readers.close();
      writer.closeSync();
      reader.closeSync();
      instance.closeSync();
    },
  };
}

export type TelemetryStore = Awaited<ReturnType<typeof openTelemetryStore>>;
