import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../send-json.js';
import type { StoreCounts } from '../storage/telemetry-store.js';

export interface StatusSource {
  counts(): Promise<StoreCounts>;
  diskBytes(): number;
  usedBytes(): Promise<number>;
  memory(): Promise<{ usedBytes: number; limitBytes: number }>;
  readonly queued: number;
  readonly metrics?: { seriesLimit(): { maxSeries: number; refusedSamples: number } };
}

/** What the last retention pass did, for /api/status. */
export interface RetentionReport {
  lastRunAt?: string;
  /** Rows deleted since start, by table. */
  deleted: Record<string, number>;
  /** The last pass that deleted anything, and why. */
  lastEviction?: { at: string; reason: string };
}

export interface StatusLimits {
  retentionMs: number;
  maxDiskBytes: number;
  maxBodyBytes: number;
}

/** The ingest memory budget as /api/status shows it. */
export interface IngestMemoryView {
  readonly limitBytes: number;
  readonly heldBytes: number;
  readonly refusedRequests: number;
}

/**
 * The query port's own routes so far: readiness and health probes as Prometheus names them, and
 * /api/status with what is stored against the limits, so eviction is never a surprise.
 */
export function createStatusHandler(
  source: StatusSource,
  limits: StatusLimits,
  startedAt: Date,
  retention: () => RetentionReport,
  ingestMemory?: IngestMemoryView,
) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: `${request.method} is not allowed here` });
      return;
    }
    switch (path) {
      case '/-/healthy':
      case '/-/ready':
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(
          path === '/-/ready' ? 'otel-lab backend is Ready.\n' : 'otel-lab backend is Healthy.\n',
        );
        return;
      case '/api/status': {
        const counts = await source.counts();
        const database = await source.memory();
        sendJson(response, 200, {
          startedAt: startedAt.toISOString(),
          stored: counts,
          disk: {
            fileBytes: source.diskBytes(),
            usedBytes: await source.usedBytes(),
            maxBytes: limits.maxDiskBytes,
          },
          memory: {
            databaseBytes: database.usedBytes,
            databaseLimitBytes: database.limitBytes,
            // The whole process: the database, both JavaScript threads and the batches in flight.
            processRssBytes: process.memoryUsage.rss(),
          },
          retention: { maxAgeMs: limits.retentionMs, ...retention() },
          ingest: {
            queuedBatches: source.queued,
            maxBodyBytes: limits.maxBodyBytes,
            ...(ingestMemory && {
              memoryBudgetBytes: ingestMemory.limitBytes,
              memoryHeldBytes: ingestMemory.heldBytes,
              refusedRequests: ingestMemory.refusedRequests,
            }),
            ...source.metrics?.seriesLimit(),
          },
        });
        return;
      }
      default:
        sendJson(response, 404, { error: `no route for ${path}` });
    }
  };
}
