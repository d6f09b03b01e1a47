/**
 * The query port's APIs each have their own error body; these answer an error, or a 405, in the
 * shape of the API a request belongs to, so that what the error boundary, the Host check and the
 * access gate send reads to Grafana, promtool or Jaeger UI as their own server's would. On the
 * query port that API is the one whose route matched (query-router.ts, recorded with
 * setRequestApi); apiOf's paths answer for a request no route table has seen.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf } from './request-target.js';

export type QueryApi = 'prometheus' | 'jaeger' | 'jaeger-v3' | 'loki' | 'tempo' | 'native';

const routed = new WeakMap<IncomingMessage, QueryApi>();

/** Records the API whose route `request` matched: its errors take that API's shape. */
export function setRequestApi(request: IncomingMessage, api: QueryApi): void {
  routed.set(request, api);
}

/** The API of `request`'s route, else the one its path falls under. */
function apiOfRequest(request: IncomingMessage): QueryApi {
  return routed.get(request) ?? apiOf(pathOf(request));
}

/** jaeger-api.ts's routes and what lies under them; jaeger-paths.test.ts holds the two together. */
const JAEGER_V1 = /^\/api\/(?:services(?:\/|$)|operations$|traces(?:\/|$)|dependencies$)/;

/** tempo-api.ts's routes of its own (its /api/traces/{id} answers are Jaeger's path). */
const TEMPO = /^\/api\/(?:echo$|status\/buildinfo$|v2\/traces\/)/;

export function apiOf(path: string): QueryApi {
  if (path.startsWith('/api/v1/')) return 'prometheus';
  if (path.startsWith('/api/v3/')) return 'jaeger-v3';
  if (path.startsWith('/loki/api/') || path === '/ready') return 'loki';
  if (JAEGER_V1.test(path)) return 'jaeger';
  if (TEMPO.test(path)) return 'tempo';
  return 'native';
}

/**
 * Prometheus's errorType for a status, as web/api/v1 pairs them; undefined for a status its API
 * never answers (401, 403: Prometheus's auth layer, exporter-toolkit, writes those as Go's
 * http.Error, plain text, before the API sees the request).
 */
function errorType(status: number): string | undefined {
  if (status === 400) return 'bad_data';
  if (status === 404) return 'not_found';
  if (status === 422) return 'execution';
  if (status === 503) return 'unavailable';
  return status >= 500 ? 'internal' : undefined;
}

/** Go's http.Error: the message as plain text. */
function sendGoError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string>,
): void {
  response.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  });
  response.end(`${message}\n`);
}

/** Answers `status` with `message` in the error body of the API `request`'s path belongs to. */
export function sendApiError(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const api = apiOfRequest(request);
  if (api === 'loki' || api === 'tempo') {
    // Loki and Tempo write their errors with Go's http.Error: the message as plain text.
    response.writeHead(status, {
      ...headers,
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
    response.end(`${message}\n`);
    return;
  }
  if (api === 'jaeger-v3') {
    // Jaeger writes these with Go's http.Error: plain text holding JSON.
    sendGoError(
      response,
      status,
      JSON.stringify({ error: { httpCode: status, message } }),
      headers,
    );
    return;
  }
  const type = errorType(status);
  if (api === 'prometheus' && type === undefined) {
    sendGoError(response, status, message, headers);
    return;
  }
  const body =
    api === 'prometheus'
      ? { status: 'error', errorType: type, error: message }
      : api === 'jaeger'
        ? { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg: message }] }
        : { error: message };
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/**
 * 405 with Allow. Prometheus's and Jaeger's routers answer it themselves, in plain text; the
 * native API answers JSON {error} like its other errors. The request body is left unread.
 */
export function sendMethodNotAllowed(
  request: IncomingMessage,
  response: ServerResponse,
  allowed: readonly string[],
): void {
  request.resume();
  const allow = allowed.join(', ');
  const path = pathOf(request);
  if (apiOfRequest(request) !== 'native' || path.startsWith('/-/')) {
    response.writeHead(405, { allow, 'content-type': 'text/plain; charset=utf-8' });
    response.end('Method Not Allowed\n');
    return;
  }
  sendApiError(
    request,
    response,
    405,
    `${request.method} is not allowed on ${path}: use ${allow}`,
    {
      allow,
    },
  );
}
