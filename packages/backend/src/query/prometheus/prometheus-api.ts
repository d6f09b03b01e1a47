/**
 * The Prometheus HTTP API routes that need no PromQL (series, labels, label values, metadata,
 * build info, targets). Other /api/v1 paths are left to the handlers mounted after this one
 * (the PromQL query endpoints).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { MetricMetadata } from '../../metrics/sample.js';
import type { TargetHealth } from '../../metrics/scrape-loop.js';
import { sendMethodNotAllowed } from '../../serve/error-shape.js';
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
import { createQueryPool } from './query-pool.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits, type QueryRunner } from './query-runner.js';
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
  onError: (error: unknown) => void;
}

type Endpoint = (
  params: URLSearchParams,
  match: RegExpExecArray,
  began: number,
) => Promise<QueryEndpointResult> | EndpointResult;

interface Route {
  path: RegExp;
  methods: readonly string[];
  endpoint: Endpoint;
}

// HEAD wherever GET is, answered as GET without the body (Prometheus 2.42 answers it 405).
const GET = ['GET', 'HEAD'] as const;
const GET_POST = ['GET', 'HEAD', 'POST'] as const;

function routes(options: PrometheusApiOptions): Route[] {
  const limits = options.queryLimits ?? DEFAULT_QUERY_LIMITS;
  const runner = options.runner ?? createQueryPool({ source: options.source });
  return [
    {
      path: /^\/api\/v1\/query$/,
      methods: GET_POST,
      endpoint: (p, _, began) => instantQueryEndpoint(runner, p, { limits, began }),
    },
    {
      path: /^\/api\/v1\/query_range$/,
      methods: GET_POST,
      endpoint: (p, _, began) => rangeQueryEndpoint(runner, p, { limits, began }),
    },
    {
      path: /^\/api\/v1\/series$/,
      methods: GET_POST,
      endpoint: (p) => seriesEndpoint(options.source, p),
    },
    {
      path: /^\/api\/v1\/labels$/,
      methods: GET_POST,
      endpoint: (p) => labelNamesEndpoint(options.source, p),
    },
    {
      path: /^\/api\/v1\/label\/([^/]+)\/values$/,
      methods: GET,
      endpoint: (p, m) => labelValuesEndpoint(options.source, p, decodeURIComponent(m[1] ?? '')),
    },
    {
      path: /^\/api\/v1\/query_exemplars$/,
      methods: GET_POST,
      endpoint: (p, _, began) => {
        const deadline = began + limits.timeoutMs;
        const selectorsOf =
          options.selectorsOf ??
          ((query: string) =>
            runner.selectors(query, deadline).catch((error: unknown) => {
              throw exemplarQueryError(error);
            }));
        return queryExemplarsEndpoint(options.connection, options.source, selectorsOf, p, deadline);
      },
    },
    {
      path: /^\/api\/v1\/metadata$/,
      methods: GET,
      endpoint: (p) => metadataEndpoint(options.metadata, p),
    },
    { path: /^\/api\/v1\/status\/buildinfo$/, methods: GET, endpoint: () => buildInfoEndpoint() },
    {
      path: /^\/api\/v1\/targets$/,
      methods: GET,
      endpoint: (p) => targetsEndpoint(options.targets(), p),
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

export function createPrometheusApiHandler(options: PrometheusApiOptions) {
  const table = routes(options);
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const began = Date.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    let match: RegExpExecArray | null = null;
    const route = table.find((r) => {
      match = r.path.exec(url.pathname);
      return match !== null;
    });
    if (!route || !match) return false;
    try {
      if (!route.methods.includes(request.method ?? '')) {
        sendMethodNotAllowed(request, response, route.methods);
        return true;
      }
      const params = await readParams(request, url);
      const result: QueryEndpointResult = await route.endpoint(params, match, began);
      if (result.bytes !== undefined) sendApiBytes(response, result.bytes, result.warnings);
      else if (result.json !== undefined) sendApiJson(response, result.json, result.warnings);
      else sendApiData(response, result.data, result.warnings);
    } catch (error) {
      sendApiError(response, toApiError(error, options.onError));
    }
    return true;
  };
}
