import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
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

function route(
  reader: TraceReader,
  path: string,
  query: URLSearchParams,
): (() => Promise<unknown | Pieces>) | undefined {
  if (path === '/api/v3/services') {
    return async () => ({ services: await reader.services() });
  }
  if (path === '/api/v3/operations') {
    return async () => {
      const spanKind = query.get('spanKind') || query.get('span_kind') || '';
      const kind = spanKind === '' ? undefined : (SPAN_KIND_NUMBERS.get(spanKind) ?? -1);
      const found = kind === -1 ? [] : await reader.operations(query.get('service') ?? '', kind);
      const operations = found.map((op) => ({ name: op.name, spanKind: KIND_NAMES[op.kind] }));
      return { operations };
    };
  }
  if (path === '/api/v3/traces') {
    return async () => {
      const { search, raw } = parseFindTracesQuery(query);
      return traces(reader, await reader.findTraceIds(search), raw);
    };
  }
  const byId = /^\/api\/v3\/traces\/([^/]+)$/.exec(path);
  if (byId) {
    return async () => {
      const id = parseTraceIdV3(unescapeSegment(byId[1] as string));
      const { raw } = parseGetTraceQuery(query);
      return traces(reader, [id], raw);
    };
  }
  return undefined;
}

/**
 * Jaeger's api_v3 over HTTP as Jaeger v2 serves it: /api/v3/services, /api/v3/operations,
 * /api/v3/traces and /api/v3/traces/{trace_id}, traces in OTLP/JSON under {result}. Bad
 * parameters answer 400, no traces 404, storage failures 500, each as {error: {httpCode,
 * message}}. Resolves false for paths that are not its own, so another handler can answer them.
 */
export function createJaegerApiV3Handler(
  readers: ReaderPool | DuckDBConnection,
  options: JaegerApiV3Options = {},
) {
  const reader = createTraceReader(readers);
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const answer = route(reader, url.pathname, url.searchParams);
    if (!answer) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendMethodNotAllowed(request, response, ['GET', 'HEAD']);
      return true;
    }
    try {
      const body = await answer();
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
        return true;
      }
      // The storage's own message (DuckDB's, with SQL in it) goes to the log, never the client.
      sendError(response, status, status === 500 ? 'storage failed' : (error as Error).message);
    }
    return true;
  };
}
