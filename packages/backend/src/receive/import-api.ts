import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SampleBatch } from '../metrics/sample.js';
import { sendJson } from '../send-json.js';
import { sendApiError } from '../serve/error-shape.js';
import { createHostPolicy, type HostPolicy } from '../serve/host-policy.js';
import { type QueryRouter, routeHandlerOf } from '../serve/query-router.js';
import { refusedWrite } from '../serve/write-guard.js';
import { QueueFullError } from '../storage/write-queue.js';
import type { ArrivalPace } from './arrival-pace.js';
import { importOpenMetrics } from './import-openmetrics.js';
import { ImportError, importOtlpJson } from './import-otlp-json.js';
import type { IngestSink } from './ingest.js';
import {
  createIngestBudget,
  type IngestBudget,
  IngestBudgetError,
  type Reservation,
} from './ingest-budget.js';
import { type IngestObserver, refusalOf } from './ingest-observer.js';
import { BodyError, declaredBodyBytes, readBody } from './read-body.js';
import { IMPORT_BYTES_PER_BODY_BYTE } from './request-memory.js';

const IMPORTERS = {
  '/api/import': (text: string, sink: ImportSink) => importOtlpJson(text, sink),
  '/api/import/openmetrics': (text: string, sink: ImportSink) => importOpenMetrics(text, sink),
} as const;

const OPENMETRICS = '/api/import/openmetrics';

/** Types no web page can post cross-site without a CORS preflight, which the port never grants. */
const ACCEPTED: Record<keyof typeof IMPORTERS, readonly string[]> = {
  '/api/import': ['application/json', 'application/x-ndjson', 'application/jsonl'],
  '/api/import/openmetrics': ['application/openmetrics-text'],
};

/** Bytes an import holds per byte of its body (request-memory.ts). */
const BYTES_PER_BODY_BYTE = {
  '/api/import': IMPORT_BYTES_PER_BODY_BYTE.otlp,
  '/api/import/openmetrics': IMPORT_BYTES_PER_BODY_BYTE.openmetrics,
} as const;

type ImportSink = IngestSink & { writeSamples(batch: SampleBatch): Promise<void> };

/** The import routes' options. */
export interface ImportApiOptions {
  maxBytes: number;
  onError: (error: unknown) => void;
  hosts?: HostPolicy;
  budget?: IngestBudget;
  /** How fast a body must arrive (arrival-pace.ts); BODY_PACE when absent. */
  pace?: ArrivalPace;
  /** Told what each import stored and refused (the backend's /metrics). */
  observer?: IngestObserver;
}

/**
 * POST /api/import: an OTLP/JSON request, or JSON lines of them (the Collector's file exporter);
 * POST /api/import/openmetrics: timestamped OpenMetrics text (promtool's backfill input). Either
 * optionally gzipped, up to `maxBytes` after decompression. Answers the counts imported. Only
 * those content types, and no cross-site Origin (`hosts` are the names the port answers to).
 */
export function registerImportApi(
  router: QueryRouter,
  sink: ImportSink,
  options: ImportApiOptions,
): void {
  const hosts = options.hosts ?? createHostPolicy([]);
  const budget = options.budget ?? createIngestBudget(Number.POSITIVE_INFINITY);
  const api = router.api('native');
  for (const path of Object.keys(IMPORTERS) as (keyof typeof IMPORTERS)[]) {
    // OpenMetrics imports samples; an OTLP import's samples translate metrics counted as points.
    const counted = options.observer?.sink(sink, 'import', path === OPENMETRICS) ?? sink;
    api.on(['POST'], path, (request, response) =>
      answerImport(request, response, { path, sink: counted, options, hosts, budget }),
    );
  }
}

/** The import API alone, resolving false for other paths (tests serve it so). */
export function createImportHandler(sink: ImportSink, options: ImportApiOptions) {
  return routeHandlerOf((router) => registerImportApi(router, sink, options));
}

/** What an import request is answered with, besides itself. */
interface ImportRoute {
  path: keyof typeof IMPORTERS;
  sink: ImportSink;
  options: ImportApiOptions;
  hosts: HostPolicy;
  budget: IngestBudget;
}

/** One import request on `path`. */
async function answerImport(
  request: IncomingMessage,
  response: ServerResponse,
  { path, sink, options, hosts, budget }: ImportRoute,
): Promise<void> {
  const importer = IMPORTERS[path];
  const perBodyByte = BYTES_PER_BODY_BYTE[path];
  const refused = refusedWrite(request, ACCEPTED[path], hosts);
  if (refused) {
    request.resume();
    sendApiError(request, response, refused.status, refused.message);
    return;
  }
  let reservation: Reservation | undefined;
  try {
    // Admitted when what its declared length will need fits in what is free; it holds what
    // has arrived, then all the import will hold once the body is whole, before a document
    // is imported, so it is never refused half-imported.
    const declared = declaredBodyBytes(request, options.maxBytes) ?? 0;
    reservation = budget.admit(declared * perBodyByte);
    const body = await readBody(request, options.maxBytes, reservation, options.pace);
    reservation.growTo(body.length * perBodyByte);
    sendJson(response, 200, { imported: await importer(body.toString('utf8'), sink) });
  } catch (error) {
    options.observer?.refused(path === OPENMETRICS ? 'samples' : 'any', 'import', refusalOf(error));
    if (error instanceof BodyError) {
      // A body that stopped arriving is not read further: its connection is closed.
      if (error.status === 408) response.setHeader('connection', 'close');
      sendJson(response, error.status, { error: error.message });
    } else if (error instanceof ImportError) sendJson(response, 400, { error: error.message });
    else if (error instanceof QueueFullError || error instanceof IngestBudgetError) {
      reservation?.release();
      request.resume();
      response.setHeader('retry-after', '1');
      sendJson(response, 503, { error: error.message });
    } else {
      options.onError(error);
      sendJson(response, 500, { error: 'import failed' });
    }
  } finally {
    reservation?.release();
  }
}
