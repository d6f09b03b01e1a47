import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { LogData, MetricData, SpanData } from '@otel-lab/otlp';
import { appendLog, appendMetric } from './append-rows.js';
import { openInternTable } from './interned-text.js';
import { type Eviction, enforceRetention, type RetentionLimits, usedBytes } from './retention.js';
import { ensureSchema } from './schema.js';
import { appendSpanColumns } from './span-appender.js';
import { buildSpanColumns, type SpanColumns } from './span-columns.js';
import { createWriteQueue } from './write-queue.js';

export const DATABASE_FILE = 'telemetry.duckdb';

export interface StoreOptions {
  dataDir: string;
  /** Batches that may wait for the writer before ingest answers 503. */
  queueLimit?: number;
}

export interface StoreCounts {
  spans: number;
  logs: number;
  metrics: number;
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
  let instance: DuckDBInstance;
  try {
    // A large checkpoint threshold doubles ingest throughput (notes/duckdb-span-ingest.md).
    instance = await DuckDBInstance.create(file, {
      checkpoint_threshold: '256MB',
      threads: '2',
      // DuckDB would otherwise take up to 80 % of the machine's memory for its caches.
      memory_limit: '256MB',
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
  const resources = await openInternTable(writer, 'resources');
  const scopes = await openInternTable(writer, 'scopes');
  const queue = createWriteQueue(options.queueLimit ?? 64);

  const walBytes = () => {
    try {
      return statSync(`${file}.wal`).size;
    } catch {
      return 0;
    }
  };

  async function transaction(
    table: string,
    fill: (appender: DuckDBAppender) => void,
    before?: () => Promise<void>,
  ) {
    await writer.run('BEGIN TRANSACTION');
    let appender: DuckDBAppender | undefined;
    try {
      await before?.();
      appender = await writer.createAppender(table);
      fill(appender);
      appender.flushSync();
      appender.closeSync();
      appender = undefined;
      await writer.run('COMMIT');
    } catch (error) {
      // Close (flush) the appender inside the transaction first, then roll it all back: closed
      // after the rollback, its rows would land in a transaction of their own.
      try {
        appender?.closeSync();
      } catch {
        // the rollback below discards whatever it held
      }
      await writer.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  return {
    writeSpans(spans: SpanData[]): Promise<void> {
      return this.writeSpanColumns(buildSpanColumns(spans));
    },
    /** Spans already in column form (built by a decode worker). */
    writeSpanColumns(columns: SpanColumns): Promise<void> {
      return queue.run(async () => {
        const resource = resources.idsOf(columns, 'resource');
        const scope = scopes.idsOf(columns, 'scope');
        try {
          await transaction(
            'spans',
            (a) => appendSpanColumns(a, columns, { resourceId: resource.ids, scopeId: scope.ids }),
            async () => {
              await resources.insert(writer, resource.added);
              await scopes.insert(writer, scope.added);
            },
          );
        } catch (error) {
          resources.forget(resource.added);
          scopes.forget(scope.added);
          throw error;
        }
        resources.remember(resource.added);
        scopes.remember(scope.added);
      });
    },
    writeLogs(logs: LogData[]): Promise<void> {
      return queue.run(() =>
        transaction('logs', (a) => {
          for (const log of logs) appendLog(a, log);
        }),
      );
    },
    writeMetrics(metrics: MetricData[], receivedNs: bigint): Promise<void> {
      return queue.run(() =>
        transaction('received_metrics', (a) => {
          for (const metric of metrics) appendMetric(a, metric, receivedNs);
        }),
      );
    },
    /** Deletes telemetry past the age limit, then the oldest over the disk limit, between writes. */
    evict(limits: RetentionLimits, nowMs = Date.now()): Promise<Eviction> {
      return queue.run(() => enforceRetention(writer, limits, nowMs, walBytes));
    },
    /** Bytes in use: the database's used blocks plus its write-ahead log. */
    usedBytes(): Promise<number> {
      return usedBytes(reader, walBytes);
    },
    /** Read connection for queries; it sees every committed write. */
    reader: reader as DuckDBConnection,
    async counts(): Promise<StoreCounts> {
      const rows = await reader.runAndReadAll(
        `SELECT (SELECT count(*) FROM spans)::BIGINT AS spans,
                (SELECT count(*) FROM logs)::BIGINT AS logs,
                (SELECT count(*) FROM received_metrics)::BIGINT AS metrics`,
      );
      const row = rows.getRowObjects()[0] ?? {};
      return { spans: Number(row.spans), logs: Number(row.logs), metrics: Number(row.metrics) };
    },
    /** Bytes the database uses on disk, write-ahead log included. */
    diskBytes(): number {
      return readdirSync(options.dataDir)
        .filter((name) => name.startsWith(DATABASE_FILE))
        .reduce((sum, name) => sum + statSync(join(options.dataDir, name)).size, 0);
    },
    get queued(): number {
      return queue.waiting;
    },
    close(): void {
      writer.closeSync();
      reader.closeSync();
      instance.closeSync();
    },
  };
}

export type TelemetryStore = Awaited<ReturnType<typeof openTelemetryStore>>;
