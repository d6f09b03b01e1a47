import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../send-json.js';
import { type QueryRouter, routeHandlerOf, sendNoRoute } from '../serve/query-router.js';
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
 * The query port's own routes: readiness and health probes as Prometheus names them, and
 * /api/status with what is stored against the limits, so eviction is never a surprise.
 */
export function registerStatusApi(
  router: QueryRouter,
  source: StatusSource,
  limits: StatusLimits,
  startedAt: Date,
  retention: () => RetentionReport,
  onError: (error: unknown) => void = () => {},
  ingestMemory?: IngestMemoryView,
): void {
  const api = router.api('native');
  api.on(['GET', 'HEAD'], '/api/status', async (_request, response) => {
    try {
      sendJson(response, 200, await readStatus(source, limits, startedAt, retention, ingestMemory));
    } catch (error) {
      onError(error);
      sendJson(response, 503, { error: 'storage status unavailable: the backend log says why' });
    }
  });
  for (const [path, state] of [
    ['/-/ready', 'Ready'],
    ['/-/healthy', 'Healthy'],
  ] as const) {
    api.on(['GET', 'HEAD'], path, (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`otel-lab backend is ${state}.\n`);
    });
  }
}

/**
 * The status routes, then 404 for every other path whatever the method: the last handler of a
 * port without a route table (tests mount it so).
 */
export function createStatusHandler(
  source: StatusSource,
  limits: StatusLimits,
  startedAt: Date,
  retention: () => RetentionReport,
  onError: (error: unknown) => void = () => {},
  ingestMemory?: IngestMemoryView,
) {
  const routes = routeHandlerOf((router) =>
    registerStatusApi(router, source, limits, startedAt, retention, onError, ingestMemory),
  );
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!(await routes(request, response))) sendNoRoute(request, response);
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
