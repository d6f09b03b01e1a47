/**
 * Tempo's HTTP API on the query port, the part Grafana's Tempo data source needs to search and
 * open traces: /api/echo (its health check), /api/status/buildinfo, /api/search (search/),
 * the tag endpoints, /api/v2/traces/{id}, and
 * /api/traces/{id} with Accept application/protobuf (that path is Jaeger's otherwise: Jaeger's
 * registration hands such requests to tempoTraceProtobufRoute). /ready is the Loki API's, the
 * same answer. Errors are Tempo's: Go's http.Error, plain text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DuckDBConnection } from '@duckdb/node-api';
import { evaluateTrace } from '@otel-lab/traceql';
import { setRequestApi } from '../../serve/error-shape.js';
import { type QueryRouter, type Route, routeHandlerOf } from '../../serve/query-router.js';
import { type ReaderPool, singleReader } from '../../storage/reader-pool.js';
import { createTraceReader } from '../jaeger/trace-reader.js';
import { answerQueryInstant, answerQueryRange } from './metrics/metrics-api.js';
import { createTraceLoader } from './metrics/trace-loader.js';
import { answerSearch, type SearchDeps } from './search/search-endpoint.js';
import {
  answerTagsV1,
  answerTagsV2,
  answerTagValuesV1,
  answerTagValuesV2,
} from './tag-endpoints.js';
import { createTagReader } from './tag-reader.js';
import { sendTempoError, TempoError } from './tempo-error.js';
import { answerTraceV1Protobuf, answerTraceV2 } from './trace-by-id.js';

/** The Tempo release whose API this follows, for Grafana's feature checks. */
export const TEMPO_VERSION = '2.8.0';

export interface TempoApiOptions {
  /** Failures of the storage are logged here; the client gets 500. */
  onError?: (error: unknown) => void;
}

type Readers = ReaderPool | DuckDBConnection;
type Answer = (request: IncomingMessage, response: ServerResponse, id: string) => Promise<void>;

/** One route's answer: a TempoError is the request's fault, anything else a logged 500. */
function tempoRoute(answer: Answer, options: TempoApiOptions): Route {
  return async (request, response, params) => {
    setRequestApi(request, 'tempo');
    request.resume();
    try {
      // The route's one path parameter: a trace id, or a tag name.
      await answer(request, response, params.traceID ?? params.name ?? '');
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof TempoError) {
        sendTempoError(response, error.status, error.message);
        return;
      }
      options.onError?.(error);
      sendTempoError(response, 500, 'internal error: the backend log says more');
    }
  };
}

/** /api/traces/{id} answered as Tempo's Trace protobuf (Jaeger's route calls it). */
export function tempoTraceProtobufRoute(readers: Readers, options: TempoApiOptions = {}): Route {
  const reader = createTraceReader(readers);
  return tempoRoute(
    (request, response, id) => answerTraceV1Protobuf(reader, request, response, id),
    options,
  );
}

async function echo(_request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('echo');
}

async function buildInfo(_request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      version: TEMPO_VERSION,
      revision: 'otel-lab',
      branch: 'otel-lab',
      buildUser: 'otel-lab',
      buildDate: '',
      goVersion: `node ${process.version}`,
    }),
  );
}

/** Registers Tempo's routes; under /api/v2/traces/ what no route takes is a 404 in its shape. */
export function registerTempoApi(
  router: QueryRouter,
  readers: Readers,
  options: TempoApiOptions = {},
): void {
  const reader = createTraceReader(readers);
  const api = router.api('tempo');
  api.namespace('/api/v2/traces/');
  api.on(['GET'], '/api/echo', tempoRoute(echo, options));
  api.on(['GET'], '/api/status/buildinfo', tempoRoute(buildInfo, options));
  api.on(
    ['GET'],
    '/api/v2/traces/:traceID',
    tempoRoute((request, response, id) => answerTraceV2(reader, request, response, id), options),
  );
  const pool = readers instanceof DuckDBConnection ? singleReader(readers) : readers;
  const tags = createTagReader(pool);
  const search: SearchDeps = { pool, reader, evaluate: evaluateTrace };
  api.on(
    ['GET'],
    '/api/search',
    tempoRoute((q, s) => answerSearch(search, q, s), options),
  );
  api.on(
    ['GET'],
    '/api/search/tags',
    tempoRoute((q, s) => answerTagsV1(tags, q, s), options),
  );
  api.on(
    ['GET'],
    '/api/v2/search/tags',
    tempoRoute((q, s) => answerTagsV2(tags, q, s), options),
  );
  api.on(
    ['GET'],
    '/api/search/tag/:name/values',
    tempoRoute((q, s, name) => answerTagValuesV1(tags, q, s, name), options),
  );
  api.on(
    ['GET'],
    '/api/v2/search/tag/:name/values',
    tempoRoute((q, s, name) => answerTagValuesV2(tags, q, s, name), options),
  );
  registerMetrics(api, readers, options);
}

/** TraceQL metrics: /api/metrics/query_range and /api/metrics/query (metrics/). */
function registerMetrics(
  api: ReturnType<QueryRouter['api']>,
  readers: Readers,
  options: TempoApiOptions,
) {
  const pool = readers instanceof DuckDBConnection ? singleReader(readers) : readers;
  const sources = { pool, loadTraces: createTraceLoader(createTraceReader(readers)) };
  api.on(
    ['GET'],
    '/api/metrics/query_range',
    tempoRoute((q, s) => answerQueryRange(sources, q, s), options),
  );
  api.on(
    ['GET'],
    '/api/metrics/query',
    tempoRoute((q, s) => answerQueryInstant(sources, q, s), options),
  );
}

/** The Tempo API alone, resolving false for other paths (tests serve it so). */
export function createTempoApiHandler(readers: Readers, options: TempoApiOptions = {}) {
  return routeHandlerOf((router) => registerTempoApi(router, readers, options));
}
