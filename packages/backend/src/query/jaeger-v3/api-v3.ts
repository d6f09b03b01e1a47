import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type QueryRouter, type RouteParams, routeHandlerOf } from '../../serve/query-router.js';
import type { ReaderPool } from '../../storage/reader-pool.js';
import { SPAN_KIND_NUMBERS } from '../../storage/stored-sql.js';
import { JaegerParamError } from '../jaeger/trace-id.js';
import { createTraceReader, type TraceReader } from '../jaeger/trace-reader.js';
import { sendPieces } from '../write-pieces.js';
import { otlpTracesAnswer } from './otlp-answer.js';
import { parseFindTracesQuery, parseGetTraceQuery, parseTraceIdV3 } from './query-params.js';

export interface JaegerApiV3Options {
  /** Failures of the storage are logged here; the client gets 500. */
  onError?: (error: unknown) => void;
}

class NotFoundError extends Error {}

const isPieces = (body: unknown): body is Pieces =>
  typeof body === 'object' && body !== null && 'pieces' in body;

/** OTLP kind numbers by the names api_v3 uses; unspecified operations show as internal. */
const KIND_NAMES = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Jaeger writes errors with Go's http.Error: plain text holding {"error":{httpCode, message}}. */
function sendError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  response.end(`${JSON.stringify({ error: { httpCode: status, message } })}\n`);
}

function unescapeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new JaegerParamError(`malformed parameter trace_id: invalid URL escape`);
  }
}

/** A trace answer, already JSON text in pieces (otlp-answer.ts). */
interface Pieces {
  pieces: string[];
}

/** Traces as {result: {resourceSpans}}, each trace's resources in turn; none found is a 404. */
async function traces(reader: TraceReader, ids: readonly bigint[], raw: boolean): Promise<Pieces> {
  const answer = await otlpTracesAnswer(reader, ids, raw);
  if (answer.traces === 0) throw new NotFoundError('No traces found');
  return answer;
}

/** A route's answer to its query parameters and path parameters. */
type Answer = (query: URLSearchParams, params: RouteParams) => Promise<unknown | Pieces>;

/** api_v3's routes, by path. */
function routes(reader: TraceReader): Record<string, Answer> {
  return {
    '/api/v3/services': async () => ({ services: await reader.services() }),
    '/api/v3/operations': async (query) => {
      const spanKind = query.get('spanKind') || query.get('span_kind') || '';
      const kind = spanKind === '' ? undefined : (SPAN_KIND_NUMBERS.get(spanKind) ?? -1);
      const found = kind === -1 ? [] : await reader.operations(query.get('service') ?? '', kind);
      const operations = found.map((op) => ({ name: op.name, spanKind: KIND_NAMES[op.kind] }));
      return { operations };
    },
    '/api/v3/traces': async (query) => {
      const { search, raw } = parseFindTracesQuery(query);
      return traces(reader, await reader.findTraceIds(search), raw);
    },
    '/api/v3/traces/:trace_id': async (query, params) => {
      const id = parseTraceIdV3(unescapeSegment(params.trace_id ?? ''));
      const { raw } = parseGetTraceQuery(query);
      return traces(reader, [id], raw);
    },
  };
}

/** Answers one request with `answer`, errors as Jaeger's http.Error writes them. */
async function respond(
  answer: Answer,
  request: IncomingMessage,
  response: ServerResponse,
  params: RouteParams,
  options: JaegerApiV3Options,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  try {
    const body = await answer(url.searchParams, params);
    if (isPieces(body)) {
      await sendPieces(response, 200, { 'content-type': 'application/json' }, body.pieces);
    } else {
      sendJson(response, body);
    }
  } catch (error) {
    const status =
      error instanceof JaegerParamError ? 400 : error instanceof NotFoundError ? 404 : 500;
    if (status === 500) options.onError?.(error);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    // The storage's own message (DuckDB's, with SQL in it) goes to the log, never the client.
    sendError(response, status, status === 500 ? 'storage failed' : (error as Error).message);
  }
}

/**
 * Jaeger's api_v3 over HTTP as Jaeger v2 serves it: /api/v3/services, /api/v3/operations,
 * /api/v3/traces and /api/v3/traces/{trace_id}, traces in OTLP/JSON under {result}. Bad
 * parameters answer 400, no traces 404, storage failures 500, each as {error: {httpCode,
 * message}}; other methods 405, and unknown paths under /api/v3/ 404, in the same shape.
 */
export function registerJaegerApiV3(
  router: QueryRouter,
  readers: ReaderPool | DuckDBConnection,
  options: JaegerApiV3Options = {},
): void {
  const reader = createTraceReader(readers);
  const api = router.api('jaeger-v3');
  api.namespace('/api/v3/');
  for (const [path, answer] of Object.entries(routes(reader))) {
    api.on(['GET', 'HEAD'], path, (request, response, params) =>
      respond(answer, request, response, params, options),
    );
  }
}

/** api_v3 alone, resolving false for other paths (tests serve it so). */
export function createJaegerApiV3Handler(
  readers: ReaderPool | DuckDBConnection,
  options: JaegerApiV3Options = {},
) {
  return routeHandlerOf((router) => registerJaegerApiV3(router, readers, options));
}
