/**
 * search_logs with a LogQL query: the Loki API's engine and storage, run as
 * /loki/api/v1/query_range runs a log query (its parameter checks, its deadline, backward), with
 * the streams' entries flattened into one list of lines, newest first.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { categorizedStreams, evaluateLogQuery, isLogExpr } from '@otel-lab/logql';
import { labelsToRecord } from '@otel-lab/promql';
import { createDuckDbLogStorage, type DuckDbLogStorage } from '../query/loki/duckdb-log-storage.js';
import { LokiError } from '../query/loki/loki-error.js';
import { rangeParams } from '../query/loki/loki-params.js';
import { parseLokiQuery, underLokiDeadline } from '../query/loki/query-endpoints.js';

export interface LogLine {
  /** RFC 3339 with milliseconds; timeNs has the whole nanoseconds. */
  time: string;
  timeNs: string;
  /** The stream's labels. */
  labels: Record<string, string>;
  line: string;
  structuredMetadata?: Record<string, string>;
  /** Labels the query's parsers (| json, | logfmt…) extracted. */
  parsed?: Record<string, string>;
}

// One storage per connection, as the Loki API keeps one: its source index is read incrementally.
const storages = new WeakMap<DuckDBConnection, DuckDbLogStorage>();

function storageOf(connection: DuckDBConnection): DuckDbLogStorage {
  let storage = storages.get(connection);
  if (!storage) {
    storage = createDuckDbLogStorage(connection);
    storages.set(connection, storage);
  }
  return storage;
}

/** The query's fault (a LokiError's message, position included), for the agent to read. */
export class LogQueryError extends Error {
  override name = 'LogQueryError';
}

export async function logqlLines(
  connection: DuckDBConnection,
  query: string,
  window: { startNs: bigint; endNs: bigint; limit: number; timeoutMs: number },
): Promise<LogLine[]> {
  try {
    // The same parameters /loki/api/v1/query_range reads, checked the same way.
    const range = rangeParams(
      new URLSearchParams({
        start: String(window.startNs),
        end: String(window.endNs),
        limit: String(window.limit),
        direction: 'backward',
      }),
    );
    const expr = parseLokiQuery(query);
    if (!isLogExpr(expr)) {
      throw new LokiError(
        'search_logs takes a log query ({service_name="x"} |= "text"); for a metric query (rate, count_over_time…) ask /loki/api/v1/query_range',
      );
    }
    const { startNs, endNs, limit, direction, intervalNs } = range;
    const result = await underLokiDeadline(window.timeoutMs, (signal) =>
      evaluateLogQuery(expr, storageOf(connection), {
        startNs,
        endNs,
        limit,
        direction,
        intervalNs,
        signal,
      }),
    );
    const lines = categorizedStreams(result, direction).flatMap((stream) =>
      stream.entries.map((entry) => lineOf(entry, labelsToRecord(stream.labels))),
    );
    // Newest first across streams; a sort is stable, so equal times keep the streams' order.
    return lines.sort((a, b) => compareNs(b.timeNs, a.timeNs));
  } catch (error) {
    if (error instanceof LokiError) throw new LogQueryError(error.message);
    throw error;
  }
}

type Entry = ReturnType<typeof categorizedStreams>[number]['entries'][number];

function lineOf(entry: Entry, labels: Record<string, string>): LogLine {
  const line: LogLine = {
    time: new Date(Number(entry.timestampNs / 1_000_000n)).toISOString(),
    timeNs: entry.timestampNs.toString(),
    labels,
    line: entry.line,
  };
  if (entry.labels.metadata.length > 0)
    line.structuredMetadata = labelsToRecord(entry.labels.metadata);
  if (entry.labels.parsed.length > 0) line.parsed = labelsToRecord(entry.labels.parsed);
  return line;
}

function compareNs(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
