import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../send-json.js';
import { sendApiError, sendMethodNotAllowed } from '../serve/error-shape.js';
import { pathOf } from '../serve/request-target.js';
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

const OWN_PATHS = new Set(['/-/healthy', '/-/ready', '/api/status']);

/** The ingest memory budget as /api/status shows it. */
export interface IngestMemoryView {
  readonly limitBytes: number;
  readonly heldBytes: number;
  readonly refusedRequests: number;
}

/**
 * The query port's own routes so far: readiness and health probes as Prometheus names them, and
 * /api/status with what is stored against the limits, so eviction is never a surprise. Mounted
 * last, it answers 404 for every other path, whatever the method.
 */
export function createStatusHandler(
  source: StatusSource,
  limits: StatusLimits,
  startedAt: Date,
  retention: () => RetentionReport,
  onError: (error: unknown) => void = () => {},
  ingestMemory?: IngestMemoryView,
) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = pathOf(request);
    if (!OWN_PATHS.has(path)) {
      request.resume();
      sendApiError(request, response, 404, `no route for ${path}`);
    } else if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendMethodNotAllowed(request, response, ['GET', 'HEAD']);
    } else if (path === '/api/status') {
      try {
        sendJson(
          response,
          200,
          await readStatus(source, limits, startedAt, retention, ingestMemory),
        );
      } catch (error) {
        onError(error);
        sendJson(response, 503, { error: 'storage status unavailable: the backend log says why' });
      }
    } else {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(
        path === '/-/ready' ? 'otel-lab backend is Ready.\n' : 'otel-lab backend is Healthy.\n',
      );
    }
  };
}

async function readStatus(
  source: StatusSource,
  limits: StatusLimits,
  startedAt: Date,
  retention: () => RetentionReport,
  ingestMemory: IngestMemoryView | undefined,
) {
  const counts = await source.counts();
  const database = await source.memory();
  return {
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
  };
}
