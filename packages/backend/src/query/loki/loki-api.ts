/**
 * The Loki HTTP API on the query port: a table of path, methods and handler (plain functions of
 * request, response and path parameters, for the router that will mount every API), and the
 * registerLokiApi that puts them on the query port's route table. Errors: a LokiError is the request's fault and answers its
 * status with Loki's plain-text message; anything else is logged and answers 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type QueryRouter, type RouteParams, routeHandlerOf } from '../../serve/query-router.js';
import { createDuckDbLogStorage, type DuckDbLogStorage } from './duckdb-log-storage.js';
import { LokiError, sendLokiError } from './loki-error.js';
import { createMetadataHandlers, type LokiHandler } from './metadata-endpoints.js';
import { createQueryHandlers, type QueryEndpointOptions } from './query-endpoints.js';

export interface LokiRoute {
  /** The path; `{name}` is a path parameter of one segment. */
  readonly path: string;
  readonly methods: readonly string[];
  readonly handler: LokiHandler;
}

const GET_POST = ['GET', 'POST'] as const;
const GET = ['GET'] as const;
/** Loki's default query_timeout. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export function lokiRoutes(storage: DuckDbLogStorage, options: QueryEndpointOptions): LokiRoute[] {
  const metadata = createMetadataHandlers(storage);
  const query = createQueryHandlers(storage, options);
  return [
    { path: '/loki/api/v1/query_range', methods: GET_POST, handler: query.queryRange },
    { path: '/loki/api/v1/query', methods: GET_POST, handler: query.instantQuery },
    { path: '/loki/api/v1/labels', methods: GET_POST, handler: metadata.labels },
    { path: '/loki/api/v1/label/{name}/values', methods: GET_POST, handler: metadata.labelValues },
    { path: '/loki/api/v1/series', methods: GET_POST, handler: metadata.series },
    { path: '/loki/api/v1/index/stats', methods: GET_POST, handler: metadata.indexStats },
    { path: '/loki/api/v1/detected_fields', methods: GET_POST, handler: metadata.detectedFields },
    { path: '/loki/api/v1/status/buildinfo', methods: GET, handler: metadata.buildInfo },
    {
      path: '/ready',
      methods: GET,
      handler: async (request, response) => {
        request.resume();
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('ready\n');
      },
    },
  ];
}

export interface LokiApiOptions {
  onError: (error: unknown) => void;
  /** --query-timeout (DEFAULT_TIMEOUT_MS when absent). */
  queryTimeoutMs?: number;
  /** The storage to read; by default one over `connection`. */
  storage?: DuckDbLogStorage;
}

/**
 * Registers the Loki API on the query port's route table: its routes, and the paths under
 * /loki/api/ that no route takes (404 in Loki's plain-text shape).
 */
export function registerLokiApi(
  router: QueryRouter,
  connection: DuckDBConnection,
  options: LokiApiOptions,
): void {
  const storage = options.storage ?? createDuckDbLogStorage(connection);
  const timeoutMs = options.queryTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const loki = router.api('loki');
  loki.namespace('/loki/api/');
  for (const route of lokiRoutes(storage, { timeoutMs })) {
    loki.on(
      route.methods,
      route.path.replace(/\{([a-z]+)\}/g, ':$1'),
      (request, response, params) =>
        answer(route.handler, request, response, params, options.onError),
    );
  }
}

/** One route's answer: a LokiError is the request's fault, anything else is logged as a 500. */
async function answer(
  handler: LokiHandler,
  request: IncomingMessage,
  response: ServerResponse,
  params: RouteParams,
  onError: (error: unknown) => void,
): Promise<void> {
  try {
    const decoded: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) decoded[name] = decodeURIComponent(value);
    }
    await handler(request, response, decoded);
  } catch (error) {
    request.resume();
    if (error instanceof LokiError) {
      sendLokiError(response, error.status, error.message);
    } else if (error instanceof URIError) {
      sendLokiError(response, 400, 'invalid percent-encoding in the path');
    } else {
      onError(error);
      sendLokiError(response, 500, 'internal error: the backend log says more');
    }
  }
}

/** The Loki API alone, resolving false for other paths (tests serve it so). */
export function createLokiApiHandler(connection: DuckDBConnection, options: LokiApiOptions) {
  return routeHandlerOf((router) => registerLokiApi(router, connection, options));
}
