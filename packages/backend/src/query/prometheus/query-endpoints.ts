/**
 * /api/v1/query and /api/v1/query_range: PromQL through the engine (packages/promql) over the
 * stored series, answered with Prometheus's bytes (formatApiDataJson) and its parameter checks.
 * The backend runs the queries in worker threads (query-pool.ts); the endpoints take any
 * QueryRunner, or a Storage to evaluate on the calling thread.
 */
import { PromqlError, type Storage } from '@otel-lab/promql';
import { parsePrometheusDuration } from '../../metrics/prometheus-duration.js';
import { timeParam } from './api-params.js';
import { ApiError } from './api-response.js';
import type { EndpointResult } from './label-endpoints.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';
import {
  inProcessRunner,
  type QueryAnswer,
  type QueryRunner,
  selectorMatchers,
} from './query-runner.js';

/** Prometheus's own cap on the points of one range query series. */
const MAX_POINTS = 11_000;

/** How a query request is run: by whom, within which limits, from when its time counts. */
export interface QueryContext {
  limits?: QueryLimits;
  /** When the request arrived (Date.now()); the timeout counts from here. */
  began?: number;
  /** Aborted when the client goes away: the query is dropped from the queue or stopped. */
  signal?: AbortSignal;
}

/** A query endpoint's answer: the data as JSON text, or as UTF-8 bytes from a worker. */
export type QueryEndpointResult = EndpointResult & { bytes?: Uint8Array };

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

/**
 * The longest query text taken (Prometheus sets none; Loki takes 128 KiB): far beyond any
 * dashboard's, and short enough that parsing it stays well under a second.
 */
export const MAX_QUERY_BYTES = 1024 * 1024;

function queryParam(params: URLSearchParams): string {
  const query = params.get('query') ?? '';
  // A UTF-16 length over the cap is over it in UTF-8 too.
  if (query.length > MAX_QUERY_BYTES || Buffer.byteLength(query) > MAX_QUERY_BYTES) {
    throw new ApiError(
      'bad_data',
      `invalid parameter "query": ${Buffer.byteLength(query)} bytes, at most ${MAX_QUERY_BYTES} (1 MiB)`,
    );
  }
  return query;
}

/**
 * The query's deadline and sample limit: --query-timeout from the start of the request, which a
 * `timeout` parameter may shorten but not lengthen (as Prometheus's -query.timeout).
 */
function queryBounds(
  params: URLSearchParams,
  context: QueryContext = {},
): { deadline: number; maxSamples: number } {
  const limits = context.limits ?? DEFAULT_QUERY_LIMITS;
  const timeout = durationParam(params, 'timeout');
  const ms = timeout === undefined ? limits.timeoutMs : Math.min(timeout, limits.timeoutMs);
  return { deadline: (context.began ?? Date.now()) + ms, maxSamples: limits.maxSamples };
}

function runnerOf(source: Storage | QueryRunner): QueryRunner {
  return 'run' in source ? source : inProcessRunner(source);
}

/** Engine errors as API errors; a parse error names the query parameter, as Prometheus does. */
function apiErrorOf(error: unknown): unknown {
  if (!(error instanceof PromqlError)) return error;
  if (error.type === 'bad_data') {
    return new ApiError('bad_data', `invalid parameter "query": ${error.message}`);
  }
  return new ApiError(error.type, error.message);
}

function answer(result: QueryAnswer): QueryEndpointResult {
  const { json, warnings } = result;
  return typeof json === 'string'
    ? { data: undefined, json, warnings }
    : { data: undefined, bytes: json, warnings };
}

export async function instantQueryEndpoint(
  source: Storage | QueryRunner,
  params: URLSearchParams,
  context: QueryContext = {},
): Promise<QueryEndpointResult> {
  const query = queryParam(params);
  const time = timeParam(params, 'time', Date.now());
  const bounds = queryBounds(params, context);
  try {
    return answer(
      await runnerOf(source).run({ kind: 'instant', query, time, ...bounds }, context.signal),
    );
  } catch (error) {
    throw apiErrorOf(error);
  }
}

export async function rangeQueryEndpoint(
  source: Storage | QueryRunner,
  params: URLSearchParams,
  context: QueryContext = {},
): Promise<QueryEndpointResult> {
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
  const bounds = queryBounds(params, context);
  try {
    return answer(
      await runnerOf(source).run(
        { kind: 'range', query, start, end, step, ...bounds },
        context.signal,
      ),
    );
  } catch (error) {
    throw apiErrorOf(error);
  }
}

/** The series selectors of a PromQL expression, for query_exemplars. */
export function selectorsOfQuery(query: string) {
  try {
    return selectorMatchers(query);
  } catch (error) {
    throw exemplarQueryError(error);
  }
}

/** Prometheus answers query_exemplars' parse errors without naming the parameter. */
export function exemplarQueryError(error: unknown): unknown {
  if (error instanceof PromqlError && error.type === 'bad_data') {
    return new ApiError('bad_data', error.message);
  }
  return apiErrorOf(error);
}
