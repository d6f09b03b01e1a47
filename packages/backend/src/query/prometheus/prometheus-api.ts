/**
 * The Prometheus HTTP API's routes (queries, series, labels, label values, exemplars, metadata,
 * build info, targets, rules, alerts) under /api/v1/, with its CORS, registered on the query port's router.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { MetricMetadata } from '../../metrics/sample.js';
import type { TargetHealth } from '../../metrics/scrape-loop.js';
import type { RulesView } from '../../rules/eval/rule-state.js';
import type { HostPolicy } from '../../serve/host-policy.js';
import { type QueryRouter, type RouteParams, routeHandlerOf } from '../../serve/query-router.js';
import { answerCors } from './api-cors.js';
import { readParams } from './api-params.js';
import { ApiError, sendApiBytes, sendApiData, sendApiError, sendApiJson } from './api-response.js';
import { queryExemplarsEndpoint, type SelectorExtractor } from './exemplar-endpoint.js';
import {
  type EndpointResult,
  labelNamesEndpoint,
  labelValuesEndpoint,
  seriesEndpoint,
} from './label-endpoints.js';
import { MatcherError } from './label-matcher.js';
import {
  exemplarQueryError,
  instantQueryEndpoint,
  type QueryEndpointResult,
  rangeQueryEndpoint,
} from './query-endpoints.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';
import { createQueryPool } from './query-pool.js';
import type { QueryRunner } from './query-runner.js';
import { RequestBudget } from './request-budget.js';
import { alertsEndpoint, NO_RULES, rulesEndpoint } from './rules-endpoints.js';
import { SampleLimitError, type SeriesSource } from './series-source.js';
import { buildInfoEndpoint, metadataEndpoint, targetsEndpoint } from './status-endpoints.js';

export interface PrometheusApiOptions {
  source: SeriesSource;
  /** Read connection, for exemplars. */
  connection: DuckDBConnection;
  /** The selectors of a PromQL query, for query_exemplars; default: the query runner's parser. */
  selectorsOf?: SelectorExtractor;
  /** --query-timeout and --query-max-samples (DEFAULT_QUERY_LIMITS). */
  queryLimits?: QueryLimits;
  /** Where PromQL runs; default: worker threads fed from `source` (query-pool.ts). */
  runner?: QueryRunner;
  metadata: ReadonlyMap<string, MetricMetadata>;
  /** The scrape targets' health; none when nothing is scraped. */
  targets: () => TargetHealth[];
  /** The rules' state, for /api/v1/rules and /api/v1/alerts; default: no rules. */
  rules?: RulesView;
  onError: (error: unknown) => void;
  /**
   * The names the query port answers to: browsers' pages on these hosts may read the API
   * (CORS); without it, only pages of the backend's own origin.
   */
  hosts?: HostPolicy;
}

/** What an endpoint gets besides its parameters. */
interface RequestContext {
  /** The path's parameters, as sent (query-router.ts). */
  path: RouteParams;
  /** When the request arrived (Date.now()); its deadline counts from here. */
  began: number;
  /** Aborted when the client goes away before its answer is written. */
  signal: AbortSignal;
}

type Endpoint = (
  params: URLSearchParams,
  context: RequestContext,
) => Promise<QueryEndpointResult> | EndpointResult;

interface Route {
  path: string;
  methods: readonly string[];
  endpoint: Endpoint;
}

// HEAD wherever GET is, answered as GET without the body (Prometheus 2.42 answers it 405).
const GET = ['GET', 'HEAD'] as const;
const GET_POST = ['GET', 'HEAD', 'POST'] as const;

function routes(options: PrometheusApiOptions): Route[] {
  const limits = options.queryLimits ?? DEFAULT_QUERY_LIMITS;
  const runner = options.runner ?? createQueryPool({ source: options.source });
  // The metadata endpoints' work on this thread, under --query-timeout as a query's.
  const budget = (c: RequestContext, where?: string) =>
    new RequestBudget(c.began + limits.timeoutMs, c.signal, where);
  const queryContext = (c: RequestContext) => ({ limits, began: c.began, signal: c.signal });
  return [
    {
      path: '/api/v1/query',
      methods: GET_POST,
      endpoint: (p, c) => instantQueryEndpoint(runner, p, queryContext(c)),
    },
    {
      path: '/api/v1/query_range',
      methods: GET_POST,
      endpoint: (p, c) => rangeQueryEndpoint(runner, p, queryContext(c)),
    },
    {
      path: '/api/v1/series',
      methods: GET_POST,
      endpoint: (p, c) => seriesEndpoint(options.source, p, budget(c)),
    },
    {
      path: '/api/v1/labels',
      methods: GET_POST,
      endpoint: (p, c) => labelNamesEndpoint(options.source, p, budget(c)),
    },
    {
      path: '/api/v1/label/:name/values',
      methods: GET,
      endpoint: (p, c) =>
        labelValuesEndpoint(options.source, p, decodeURIComponent(c.path.name ?? ''), budget(c)),
    },
    {
      path: '/api/v1/query_exemplars',
      methods: GET_POST,
      endpoint: (p, c) => {
        const work = budget(c, 'exemplar selection');
        const selectorsOf =
          options.selectorsOf ??
          ((query: string) =>
            runner.selectors(query, work.deadline, c.signal).catch((error: unknown) => {
              throw exemplarQueryError(error);
            }));
        return queryExemplarsEndpoint(options.connection, options.source, selectorsOf, p, work);
      },
    },
    {
      path: '/api/v1/metadata',
      methods: GET,
      endpoint: (p) => metadataEndpoint(options.metadata, p),
    },
    { path: '/api/v1/status/buildinfo', methods: GET, endpoint: () => buildInfoEndpoint() },
    {
      path: '/api/v1/targets',
      methods: GET,
      endpoint: (p) => targetsEndpoint(options.targets(), p),
    },
    {
      path: '/api/v1/rules',
      methods: GET,
      endpoint: (p) => rulesEndpoint(options.rules ?? NO_RULES, p),
    },
    {
      path: '/api/v1/alerts',
      methods: GET,
      endpoint: () => alertsEndpoint(options.rules ?? NO_RULES),
    },
  ];
}

/** Maps what an endpoint threw to Prometheus's error kinds; anything unexpected is internal. */
function toApiError(error: unknown, onError: (error: unknown) => void): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof MatcherError) return new ApiError('bad_data', error.message);
  if (error instanceof SampleLimitError) return new ApiError('execution', error.message);
  if (error instanceof URIError)
    return new ApiError('bad_data', 'invalid percent-encoding in the path');
  onError(error);
  return new ApiError('internal', 'the request failed on the server; see the backend log');
}

/** An AbortSignal that aborts when the client goes away before the answer has been written. */
function clientGone(response: ServerResponse): AbortSignal {
  const gone = new AbortController();
  if (response.destroyed) gone.abort();
  response.once('close', () => {
    if (!response.writableEnded) gone.abort();
  });
  return gone.signal;
}

/** Answers one request on `route`, in Prometheus's envelope and error kinds. */
async function answer(
  route: Route,
  request: IncomingMessage,
  response: ServerResponse,
  path: RouteParams,
  onError: (error: unknown) => void,
): Promise<void> {
  const began = Date.now();
  const url = new URL(request.url ?? '/', 'http://localhost');
  const signal = clientGone(response);
  try {
    const params = await readParams(request, url);
    const result: QueryEndpointResult = await route.endpoint(params, { path, began, signal });
    if (signal.aborted) return;
    if (result.bytes !== undefined) sendApiBytes(response, result.bytes, result.warnings);
    else if (result.json !== undefined) sendApiJson(response, result.json, result.warnings);
    else sendApiData(response, result.data, result.warnings);
  } catch (error) {
    // Nobody is left to read the answer (the work stopped because the client went away).
    if (signal.aborted) return;
    sendApiError(response, toApiError(error, onError));
  }
}

/** Prometheus's API.Register: its routes, its CORS, and 404s in its shape under /api/v1/. */
export function registerPrometheusApi(router: QueryRouter, options: PrometheusApiOptions): void {
  const api = router.api('prometheus', (request, response) =>
    answerCors(request, response, options.hosts),
  );
  api.namespace('/api/v1/');
  for (const route of routes(options)) {
    api.on(route.methods, route.path, (request, response, path) =>
      answer(route, request, response, path, options.onError),
    );
  }
}

/** The Prometheus API alone, resolving false for other paths (tests serve it so). */
export function createPrometheusApiHandler(options: PrometheusApiOptions) {
  return routeHandlerOf((router) => registerPrometheusApi(router, options));
}
