/**
 * /api/v1/query and /api/v1/query_range: PromQL through the engine (packages/promql) over the
 * stored series, answered with Prometheus's bytes (formatApiDataJson) and its parameter checks.
 */
import {
  children,
  type Expr,
  formatApiDataJson,
  instantQuery,
  type LabelMatcher,
  PromqlError,
  parseExpr,
  type QueryOptions,
  rangeQuery,
  type Storage,
} from '@otel-lab/promql';
import { parsePrometheusDuration } from '../../metrics/prometheus-duration.js';
import { timeParam } from './api-params.js';
import { ApiError } from './api-response.js';
import type { EndpointResult } from './label-endpoints.js';

/** Prometheus's own cap on the points of one range query series. */
const MAX_POINTS = 11_000;
/** Longest a query may run unless it asks for less, as Prometheus's --query.timeout default. */
const DEFAULT_TIMEOUT_MS = 2 * 60_000;

/** step and timeout: seconds as a float, or a Prometheus duration such as "15s" or "1m30s". */
function durationParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(raw)) {
    const ms = Math.round(Number(raw) * 1000);
    if (Number.isFinite(ms)) return ms;
  }
  const parsed = parsePrometheusDuration(raw);
  if ('ms' in parsed) return parsed.ms;
  throw new ApiError(
    'bad_data',
    `invalid parameter "${name}": cannot parse ${JSON.stringify(raw)} to a valid duration`,
  );
}

function queryParam(params: URLSearchParams): string {
  return params.get('query') ?? '';
}

function options(params: URLSearchParams, queryText: string): QueryOptions {
  const timeout = durationParam(params, 'timeout');
  return {
    timeoutMs: timeout === undefined ? DEFAULT_TIMEOUT_MS : Math.min(timeout, DEFAULT_TIMEOUT_MS),
    queryText,
  };
}

/** Engine errors as API errors; a parse error names the query parameter, as Prometheus does. */
function apiErrorOf(error: unknown): unknown {
  if (!(error instanceof PromqlError)) return error;
  if (error.type === 'bad_data') {
    return new ApiError('bad_data', `invalid parameter "query": ${error.message}`);
  }
  return new ApiError(error.type, error.message);
}

function answer(result: Awaited<ReturnType<typeof instantQuery>>): EndpointResult {
  return {
    data: undefined,
    json: formatApiDataJson(result),
    warnings: [...(result.warnings ?? [])],
  };
}

export async function instantQueryEndpoint(
  storage: Storage,
  params: URLSearchParams,
): Promise<EndpointResult> {
  const query = queryParam(params);
  const time = timeParam(params, 'time', Date.now());
  try {
    return answer(await instantQuery(storage, query, time, options(params, query)));
  } catch (error) {
    throw apiErrorOf(error);
  }
}

export async function rangeQueryEndpoint(
  storage: Storage,
  params: URLSearchParams,
): Promise<EndpointResult> {
  const query = queryParam(params);
  for (const name of ['start', 'end', 'step']) {
    if (!params.get(name)) {
      throw new ApiError('bad_data', `invalid parameter "${name}": missing`);
    }
  }
  const start = timeParam(params, 'start', 0);
  const end = timeParam(params, 'end', 0);
  if (end < start) {
    throw new ApiError(
      'bad_data',
      'invalid parameter "end": end timestamp must not be before start time',
    );
  }
  const step = durationParam(params, 'step') ?? 0;
  if (step <= 0) {
    throw new ApiError(
      'bad_data',
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  }
  if ((end - start) / step > MAX_POINTS) {
    throw new ApiError(
      'bad_data',
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  }
  try {
    return answer(await rangeQuery(storage, query, start, end, step, options(params, query)));
  } catch (error) {
    throw apiErrorOf(error);
  }
}

/** The series selectors of a PromQL expression, for query_exemplars. */
export function selectorsOfQuery(query: string): LabelMatcher[][] {
  let expr: Expr;
  try {
    expr = parseExpr(query);
  } catch (error) {
    // Prometheus answers query_exemplars' parse errors without naming the parameter.
    if (error instanceof PromqlError) throw new ApiError('bad_data', error.message);
    throw error;
  }
  const found: LabelMatcher[][] = [];
  const walk = (node: Expr): void => {
    if (node.kind === 'vectorSelector') found.push([...node.matchers]);
    else for (const child of children(node)) walk(child);
  };
  walk(expr);
  return found;
}
