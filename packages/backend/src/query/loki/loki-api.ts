/**
 * The Loki HTTP API on the query port: a table of path, methods and handler (plain functions of
 * request, response and path parameters, for the router that will mount every API), and the
 * route handler main.ts chains today. Errors: a LokiError is the request's fault and answers its
 * status with Loki's plain-text message; anything else is logged and answers 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
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
const DEFAULT_TIMEOUT_MS = 60_000;

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

/** A route's path as a pattern: its `{name}` parameters become named groups. */
function pattern(path: string): RegExp {
  const source = path
    .split(/(\{[a-z]+\})/)
    .map((part) =>
      part.startsWith('{')
        ? `(?<${part.slice(1, -1)}>[^/]+)`
        : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

export interface LokiApiOptions {
  onError: (error: unknown) => void;
  /** --query-timeout (DEFAULT_TIMEOUT_MS when absent). */
  queryTimeoutMs?: number;
  /** The storage to read; by default one over `connection`. */
  storage?: DuckDbLogStorage;
}

export function createLokiApiHandler(connection: DuckDBConnection, options: LokiApiOptions) {
  const storage = options.storage ?? createDuckDbLogStorage(connection);
  const timeoutMs = options.queryTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const table = lokiRoutes(storage, { timeoutMs }).map((route) => ({
    ...route,
    regex: pattern(route.path),
  }));
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    let params: Record<string, string> | undefined;
    const route = table.find((r) => {
      const match = r.regex.exec(path);
      if (match) params = { ...match.groups };
      return match !== null;
    });
    if (!route || !params) return false;
    const method = request.method === 'HEAD' ? 'GET' : (request.method ?? '');
    if (!route.methods.includes(method)) {
      sendMethodNotAllowed(request, response, [...route.methods, 'HEAD']);
      return true;
    }
    try {
      for (const [name, value] of Object.entries(params)) params[name] = decodeURIComponent(value);
      await route.handler(request, response, params);
    } catch (error) {
      request.resume();
      if (error instanceof LokiError) {
        sendLokiError(response, error.status, error.message);
      } else if (error instanceof URIError) {
        sendLokiError(response, 400, 'invalid percent-encoding in the path');
      } else {
        options.onError(error);
        sendLokiError(response, 500, 'internal error: the backend log says more');
      }
    }
    return true;
  };
}
