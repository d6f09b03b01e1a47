/**
 * /loki/api/v1/query_range and /loki/api/v1/query on the LogQL engine over the DuckDB storage.
 * A range query answers `streams` (a log query) or `matrix` (a metric query); an instant query
 * answers `vector` or `scalar`, and refuses a log query as Loki 3 does. Limits, as Loki's
 * defaults: at most MAX_ENTRIES entries (limit), a range of at most 11,000 steps, 500 series
 * (max_query_series), and the backend's query timeout (504 with Loki's message).
 */
import {
  evaluateInstantQuery,
  evaluateLogQuery,
  evaluateRangeQuery,
  isLogExpr,
  type LogExpr,
  LogqlParseError,
  type MetricExpr,
  MetricQueryError,
  parseExpr,
} from '@otel-lab/logql';
import type { DuckDbLogStorage } from './duckdb-log-storage.js';
import { LokiError, sendLokiJson } from './loki-error.js';
import {
  directionParam,
  limitParam,
  type RangeParams,
  rangeParams,
  readLokiParams,
  timeParam,
} from './loki-params.js';
import type { LokiHandler } from './metadata-endpoints.js';
import { metricResponse } from './metric-response.js';
import { ENCODING_FLAGS_HEADER, encodingFlags, streamsResponse } from './query-response.js';

/** Loki's max_entries_limit_per_query default. */
export const MAX_ENTRIES = 5000;

/** Loki's answer (504) to a query past its deadline (pkg/util/server ErrDeadlineExceeded). */
export const DEADLINE_EXCEEDED =
  'request timed out, decrease the duration of the request or add more label matchers (prefer exact match over regex match) to reduce the amount of data processed';

const urlOf = (url: string | undefined) => new URL(url ?? '/', 'http://localhost');

/** The query's expression; a parse error is Loki's 400 with its position. */
export function parseLokiQuery(text: string | null) {
  try {
    return parseExpr(text ?? '');
  } catch (error) {
    if (error instanceof LogqlParseError) throw new LokiError(error.message);
    throw error;
  }
}

/** Loki's frontend check of `limit`, made after the parameters are read. */
function checkMaxEntries(limit: number): void {
  if (limit > MAX_ENTRIES) {
    throw new LokiError(
      `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${MAX_ENTRIES})`,
    );
  }
}

export interface QueryEndpointOptions {
  /** --query-timeout: past it a query stops and answers 504. */
  timeoutMs: number;
}

/** Runs `evaluate` under the query timeout; the engine's errors become Loki's answers. */
export async function underLokiDeadline<T>(
  timeoutMs: number,
  evaluate: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  let result: T;
  try {
    result = await evaluate(signal);
  } catch (error) {
    if (signal.aborted) throw new LokiError(DEADLINE_EXCEEDED, 504);
    // Pipeline errors, series and sample limits, matching errors: all the query's fault.
    if (error instanceof MetricQueryError) throw new LokiError(error.message);
    throw error;
  }
  // The storage stops reading quietly when the signal fires: a short answer is still a timeout.
  if (signal.aborted) throw new LokiError(DEADLINE_EXCEEDED, 504);
  return result;
}

export function createQueryHandlers(storage: DuckDbLogStorage, options: QueryEndpointOptions) {
  const timed = <T>(evaluate: (signal: AbortSignal) => Promise<T>) =>
    underLokiDeadline(options.timeoutMs, evaluate);

  async function runLog(expr: LogExpr, flags: string[], range: RangeParams): Promise<string> {
    const began = performance.now();
    const { startNs, endNs, limit, direction, intervalNs } = range;
    const result = await timed((signal) =>
      evaluateLogQuery(expr, storage, { startNs, endNs, limit, direction, intervalNs, signal }),
    );
    let returned = 0;
    let bytes = 0;
    for (const stream of result.streams) {
      returned += stream.entries.length;
      for (const entry of stream.entries) bytes += Buffer.byteLength(entry.line);
    }
    return streamsResponse(result, direction, flags, {
      execTimeS: (performance.now() - began) / 1000,
      streams: result.streams.length,
      entriesRead: result.entriesRead,
      bytesRead: bytes,
      entriesReturned: returned,
    });
  }

  async function runRange(expr: MetricExpr, flags: string[], range: RangeParams): Promise<string> {
    const began = performance.now();
    const { startNs, endNs, stepNs } = range;
    const result = await timed((signal) =>
      evaluateRangeQuery(expr, storage, { startNs, endNs, stepNs, signal }),
    );
    return metricResponse(result, flags, (performance.now() - began) / 1000);
  }

  const queryRange: LokiHandler = async (request, response) => {
    const params = await readLokiParams(request, urlOf(request.url));
    const range = rangeParams(params);
    checkMaxEntries(range.limit);
    const expr = parseLokiQuery(params.get('query'));
    const flags = encodingFlags(request.headers[ENCODING_FLAGS_HEADER]);
    sendLokiJson(
      response,
      isLogExpr(expr) ? await runLog(expr, flags, range) : await runRange(expr, flags, range),
    );
  };

  const instantQuery: LokiHandler = async (request, response) => {
    const params = await readLokiParams(request, urlOf(request.url));
    const timeNs = timeParam(params);
    checkMaxEntries(limitParam(params));
    directionParam(params);
    const expr = parseLokiQuery(params.get('query'));
    if (isLogExpr(expr)) {
      throw new LokiError(
        'log queries are not supported as an instant query type, please change your query to a range query type',
      );
    }
    const flags = encodingFlags(request.headers[ENCODING_FLAGS_HEADER]);
    const began = performance.now();
    const result = await timed((signal) => evaluateInstantQuery(expr, storage, { timeNs, signal }));
    sendLokiJson(response, metricResponse(result, flags, (performance.now() - began) / 1000));
  };

  return { queryRange, instantQuery };
}
