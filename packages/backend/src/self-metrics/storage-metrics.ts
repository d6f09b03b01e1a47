/**
 * Storage and ingest memory as gauges read when /metrics is asked: the database's files and
 * used bytes against --max-disk, DuckDB's memory, the write queue, the series limit's refusals
 * and the ingest memory budget. The two DuckDB reads are shared for a second, so that /metrics
 * asked in a loop costs the database at most one pair of small queries a second.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { IngestMemoryView, StatusSource } from '../query/status-api.js';

export type StorageSource = Pick<
  StatusSource,
  'diskBytes' | 'usedBytes' | 'memory' | 'queued' | 'metrics'
>;

export interface StorageMetricsOptions {
  source: StorageSource;
  /** --max-disk. */
  maxDiskBytes: number;
  ingestMemory?: IngestMemoryView;
  /** A DuckDB read failed: the gauges keep their last values. */
  onError: (error: unknown) => void;
}

/** How long one reading of DuckDB's figures answers /metrics. */
const READ_EVERY_MS = 1000;

interface DatabaseFigures {
  usedBytes: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

/** The database's figures, read at most once per READ_EVERY_MS; the last good ones on failure. */
function sharedReading(options: StorageMetricsOptions): () => Promise<DatabaseFigures> {
  let last: DatabaseFigures = { usedBytes: 0, memoryBytes: 0, memoryLimitBytes: 0 };
  let reading: Promise<DatabaseFigures> | undefined;
  let readAt = Number.NEGATIVE_INFINITY;
  const read = async (): Promise<DatabaseFigures> => {
    try {
      const [usedBytes, memory] = await Promise.all([
        options.source.usedBytes(),
        options.source.memory(),
      ]);
      last = { usedBytes, memoryBytes: memory.usedBytes, memoryLimitBytes: memory.limitBytes };
    } catch (error) {
      options.onError(error);
    }
    return last;
  };
  return () => {
    const now = performance.now();
    if (!reading || now - readAt >= READ_EVERY_MS) {
      readAt = now;
      reading = read();
    }
    return reading;
  };
}

export function registerStorageMetrics(registry: Registry, options: StorageMetricsOptions): void {
  const { source } = options;
  const database = sharedReading(options);
  const gauge = (name: string, help: string, value: () => number | Promise<number>) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(await value());
      },
    });
  gauge(
    'otel_lab_storage_file_bytes',
    'Bytes of the database file and its write-ahead log on disk.',
    () => source.diskBytes(),
  );
  gauge(
    'otel_lab_storage_used_bytes',
    'Bytes the stored telemetry uses (used blocks and write-ahead log): what --max-disk limits.',
    async () => (await database()).usedBytes,
  );
  gauge('otel_lab_storage_max_bytes', 'The --max-disk limit.', () => options.maxDiskBytes);
  gauge(
    'otel_lab_storage_memory_bytes',
    'Memory DuckDB holds now: its buffer pool and query state.',
    async () => (await database()).memoryBytes,
  );
  gauge(
    'otel_lab_storage_memory_limit_bytes',
    'The most memory DuckDB may hold (--db-memory).',
    async () => (await database()).memoryLimitBytes,
  );
  gauge(
    'otel_lab_storage_write_queue_batches',
    'Batches waiting to be written; past the queue limit, receivers answer 503.',
    () => source.queued,
  );
  const limit = source.metrics;
  if (limit) {
    new Counter({
      name: 'otel_lab_storage_refused_samples_total',
      help: 'Samples of new series refused because the series limit was reached.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(limit.seriesLimit().refusedSamples);
      },
    });
  }
  const budget = options.ingestMemory;
  if (budget) {
    gauge(
      'otel_lab_ingest_memory_held_bytes',
      'Request bytes held by ingest now.',
      () => budget.heldBytes,
    );
    gauge(
      'otel_lab_ingest_memory_limit_bytes',
      'The ingest memory budget (--max-ingest-memory).',
      () => budget.limitBytes,
    );
    new Counter({
      name: 'otel_lab_ingest_memory_refused_requests_total',
      help: 'Requests refused (503, gRPC UNAVAILABLE) because the ingest memory budget was in use.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(budget.refusedRequests);
      },
    });
  }
}
