import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  type QueryRouter,
  type Route,
  type RouteParams,
  routeHandlerOf,
} from '../../serve/query-router.js';
import type { ReaderPool } from '../../storage/reader-pool.js';
import { SPAN_KIND_NUMBERS } from '../../storage/stored-sql.js';
import { MAX_CALL_WINDOW_MS } from '../service-calls.js';
import { sendPieces } from '../write-pieces.js';
import { jaegerTracesAnswer, type StructuredError } from './jaeger-answer.js';
import {
  parseGetTraceParams,
  parseInt64Param,
  parseTraceRequest,
  type TraceRequest,
} from './search-params.js';
import { JaegerParamError, parseTraceId } from './trace-id.js';
import { createTraceReader, type TraceReader } from './trace-reader.js';

export interface JaegerApiOptions {
  /** Failures of the storage are logged here; the client gets 500. */
  onError?: (error: unknown) => void;
  /** Nanoseconds since the epoch; tests fix it. */
  now?: () => bigint;
  /**
   * Answers /api/traces/{traceID} when Accept asks for application/protobuf: Tempo's Trace, which
   * Grafana's Tempo data source falls back to (tempo-api.ts). Jaeger's JSON otherwise.
   */
  protobufTrace?: Route;
}

const TRACE_PATH = '/api/traces/:traceID';
const acceptsProtobuf = (request: IncomingMessage) =>
  (request.headers.accept ?? '').toLowerCase().includes('application/protobuf');

/** Jaeger's one response envelope. */
interface StructuredResponse {
  data: unknown;
  total: number;
  limit: number;
  offset: number;
  errors: StructuredError[] | null;
}

class NotFoundError extends Error {}

/** A trace answer, already JSON text in pieces (jaeger-answer.ts). */
interface Pieces {
  pieces: string[];
}

const KIND_NAMES = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
/** Jaeger's default window for /api/dependencies: a day. */
const DEPENDENCY_LOOKBACK_MS = 86_400_000n;
const MS = 1_000_000n;

function send(response: ServerResponse, status: number, body: StructuredResponse, pretty: boolean) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify(body, null, pretty ? 4 : undefined)}\n`);
}

const ok = (data: unknown, total = 0, errors: StructuredError[] | null = null) => ({
  data,
  total,
  limit: 0,
  offset: 0,
  errors,
});

/** Go's url.QueryUnescape, which Jaeger applies to the {service} path segment. */
function unescapeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment.replaceAll('+', ' '));
  } catch {
    throw new JaegerParamError(`invalid URL escape in ${JSON.stringify(segment)}`);
  }
}

async function traces(reader: TraceReader, request: TraceRequest, indent: number) {
  const ids = request.kind === 'search' ? await reader.findTraceIds(request.search) : request.ids;
  return jaegerTracesAnswer(reader, { ids, kind: request.kind, raw: request.raw, indent });
}

/** A route's answer to its query parameters, path parameters and JSON indent. */
type Answer = (
  query: URLSearchParams,
  params: RouteParams,
  indent: number,
) => Promise<StructuredResponse | Pieces>;

/** Jaeger's v1 routes, by path. */
function routes(reader: TraceReader, now: () => bigint): Record<string, Answer> {
  return {
    '/api/services': async () => {
      const services = await reader.services();
      return ok(services, services.length);
    },
    '/api/services/:service/operations': async (_query, params) => {
      const operations = await reader.operations(unescapeSegment(params.service ?? ''));
      const names = [...new Set(operations.map((operation) => operation.name))];
      return ok(names, names.length);
    },
    '/api/operations': async (query) => {
      const service = query.get('service') ?? '';
      if (service === '') throw new JaegerParamError("parameter 'service' is required");
      const spanKind = query.get('spanKind') ?? '';
      const kind = spanKind === '' ? undefined : (SPAN_KIND_NUMBERS.get(spanKind) ?? -1);
      const operations = kind === -1 ? [] : await reader.operations(service, kind);
      const data = operations.map((op) => ({ name: op.name, spanKind: KIND_NAMES[op.kind] ?? '' }));
      return ok(data, data.length);
    },
    '/api/dependencies': async (query) => {
      const endNs = (parseInt64Param(query, 'endTs') ?? now() / MS) * MS;
      const lookbackMs = parseInt64Param(query, 'lookback') ?? DEPENDENCY_LOOKBACK_MS;
      if (lookbackMs > BigInt(MAX_CALL_WINDOW_MS)) {
        throw new JaegerParamError(
          `invalid parameter: lookback must be at most ${MAX_CALL_WINDOW_MS} ms (7 days)`,
        );
      }
      const lookbackNs = lookbackMs * MS;
      const service = query.get('service') ?? '';
      const links = await reader.dependencies(endNs - lookbackNs, endNs);
      return ok(
        service === ''
          ? links
          : links.filter((link) => link.parent === service || link.child === service),
      );
    },
    '/api/traces': (query, _params, indent) =>
      traces(reader, parseTraceRequest(query, now()), indent),
    [TRACE_PATH]: async (query, params, indent) => {
      const id = parseTraceId(unescapeSegment(params.traceID ?? ''));
      const { raw } = parseGetTraceParams(query);
      const found = await jaegerTracesAnswer(reader, { ids: [id], kind: 'search', raw, indent });
      if (found.traces === 0) throw new NotFoundError('trace not found');
      return found;
    },
  };
}

/** Answers one request with `answer`, errors in Jaeger's envelope. */
async function respond(
  answer: Answer,
  request: IncomingMessage,
  response: ServerResponse,
  params: RouteParams,
  options: JaegerApiOptions,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const prettyPrint = url.searchParams.get('prettyPrint') ?? '';
  const pretty = prettyPrint !== '' && prettyPrint !== 'false';
  try {
    const body = await answer(url.searchParams, params, pretty ? 4 : 0);
    if ('pieces' in body) {
      await sendPieces(response, 200, { 'content-type': 'application/json' }, body.pieces);
    } else {
      send(response, 200, body, pretty);
    }
  } catch (error) {
    const status =
      error instanceof JaegerParamError ? 400 : error instanceof NotFoundError ? 404 : 500;
    if (status === 500) options.onError?.(error);
    // Past the head, the answer can only be cut off: the client sees it unfinished.
    if (response.headersSent) {
      response.destroy();
      return;
    }
    // The storage's own message (DuckDB's, with SQL in it) goes to the log, never the client.
    const msg = status === 500 ? 'storage failed' : (error as Error).message;
    send(response, status, { ...ok(null), errors: [{ code: status, msg }] }, pretty);
  }
}

/**
 * Jaeger's v1 HTTP query API, which Jaeger UI and Grafana's Jaeger data source call:
 * /api/services, /api/services/{service}/operations, /api/operations, /api/traces and
 * /api/traces/{traceID}, and /api/dependencies (endTs and lookback in ms) in Jaeger's envelope {data, total, limit, offset, errors}. Bad
 * parameters answer 400, unknown traces 404, storage failures 500, each with errors[{code, msg}].
 * Other methods are 405.
 */
export function registerJaegerApi(
  router: QueryRouter,
  readers: ReaderPool | DuckDBConnection,
  options: JaegerApiOptions = {},
): void {
  const reader = createTraceReader(readers);
  const now = options.now ?? (() => BigInt(Date.now()) * 1_000_000n);
  const api = router.api('jaeger');
  // What lies under its routes is Jaeger's too: a 404 in its envelope.
  api.namespace('/api/services/');
  api.namespace('/api/traces/');
  for (const [path, answer] of Object.entries(routes(reader, now))) {
    const protobuf = path === TRACE_PATH ? options.protobufTrace : undefined;
    api.on(['GET', 'HEAD'], path, (request, response, params) =>
      protobuf && acceptsProtobuf(request)
        ? protobuf(request, response, params)
        : respond(answer, request, response, params, options),
    );
  }
}

/** The Jaeger v1 API alone, resolving false for other paths (tests serve it so). */
export function createJaegerApiHandler(
  readers: ReaderPool | DuckDBConnection,
  options: JaegerApiOptions = {},
) {
  return routeHandlerOf((router) => registerJaegerApi(router, readers, options));
}
