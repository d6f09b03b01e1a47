/**
 * /loki/api/v1/query_range and /loki/api/v1/query. Log queries run on the LogQL engine over the
 * DuckDB storage and answer `streams`; metric queries are refused until the engine evaluates
 * them. Limits, as Loki's defaults: at most MAX_ENTRIES entries (limit), a range of at most
 * 11,000 steps, and the backend's query timeout.
 */
import { evaluateLogQuery, isLogExpr, LogqlParseError, parseExpr } from '@otel-lab/logql';
import type { DuckDbLogStorage } from './duckdb-log-storage.js';
import { LokiError, sendLokiJson } from './loki-error.js';
import {
  directionParam,
  limitParam,
  rangeParams,
  readLokiParams,
  timeParam,
} from './loki-params.js';
import type { LokiHandler } from './metadata-endpoints.js';
import { ENCODING_FLAGS_HEADER, encodingFlags, streamsResponse } from './query-response.js';

/** Loki's max_entries_limit_per_query default. */
export const MAX_ENTRIES = 5000;

const urlOf = (url: string | undefined) => new URL(url ?? '/', 'http://localhost');

function parseQuery(text: string | null) {
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

export function createQueryHandlers(storage: DuckDbLogStorage, options: QueryEndpointOptions) {
  async function runLog(
    expr: ReturnType<typeof parseExpr>,
    flags: string[],
    range: { startNs: bigint; endNs: bigint; limit: number; direction: 'forward' | 'backward' },
  ): Promise<string> {
    if (!isLogExpr(expr)) {
      throw new LokiError('metric queries are not supported yet by this backend');
    }
    const began = performance.now();
    const signal = AbortSignal.timeout(options.timeoutMs);
    let result: Awaited<ReturnType<typeof evaluateLogQuery>>;
    try {
      result = await evaluateLogQuery(expr, storage, { ...range, signal });
    } catch (error) {
      if (signal.aborted) {
        throw new LokiError(`query timed out after ${options.timeoutMs} ms (--query-timeout)`, 504);
      }
      throw error;
    }
    let returned = 0;
    let bytes = 0;
    for (const stream of result.streams) {
      returned += stream.entries.length;
      for (const entry of stream.entries) bytes += Buffer.byteLength(entry.line);
    }
    return streamsResponse(result, range.direction, flags, {
      execTimeS: (performance.now() - began) / 1000,
      streams: result.streams.length,
      entriesRead: result.entriesRead,
      bytesRead: bytes,
      entriesReturned: returned,
    });
  }

  const queryRange: LokiHandler = async (request, response) => {
    const params = await readLokiParams(request, urlOf(request.url));
    const { startNs, endNs, limit, direction } = rangeParams(params);
    checkMaxEntries(limit);
    const expr = parseQuery(params.get('query'));
    const flags = encodingFlags(request.headers[ENCODING_FLAGS_HEADER]);
    sendLokiJson(response, await runLog(expr, flags, { startNs, endNs, limit, direction }));
  };

  const instantQuery: LokiHandler = async (request, _response) => {
    const params = await readLokiParams(request, urlOf(request.url));
    timeParam(params);
    checkMaxEntries(limitParam(params));
    directionParam(params);
    const expr = parseQuery(params.get('query'));
    if (isLogExpr(expr)) {
      throw new LokiError(
        'log queries are not supported as an instant query type, please change your query to a range query type',
      );
    }
    throw new LokiError('metric queries are not supported yet by this backend');
  };

  return { queryRange, instantQuery };
}
