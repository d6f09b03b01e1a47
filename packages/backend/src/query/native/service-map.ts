import type { DuckDBConnection } from '@duckdb/node-api';
import { readServiceCalls } from '../service-calls.js';

/** A service and what it served in the window. */
export interface ServiceNode {
  service: string;
  /** Spans of the service in the window. */
  spans: number;
  errors: number;
}

/** Calls from one service to another: spans of `child` whose parent span is in `parent`. */
export interface ServiceEdge {
  parent: string;
  child: string;
  calls: number;
  /** Calls per second over the window. */
  rate: number;
  /** Share of the calls whose child span has error status. */
  errorRatio: number;
  /** Of the child spans' durations, in ms. */
  p50Ms: number;
  p95Ms: number;
}

export interface ServiceMap {
  startMs: number;
  endMs: number;
  nodes: ServiceNode[];
  edges: ServiceEdge[];
}

/**
 * The service map from spans: its nodes, and the calls between services (service-calls.ts) as
 * edges whose rate, error ratio and latency are the child spans'.
 */
export async function readServiceMap(
  connection: DuckDBConnection,
  startMs: number,
  endMs: number,
): Promise<ServiceMap> {
  const startNs = BigInt(Math.trunc(startMs)) * 1_000_000n;
  const endNs = BigInt(Math.trunc(endMs)) * 1_000_000n;
  const seconds = Math.max(0.001, (endMs - startMs) / 1000);
  const nodes = await connection.runAndReadAll(
    `SELECT service, count(*)::BIGINT AS spans, count(*) FILTER (WHERE status_code = 2)::BIGINT AS errors
     FROM spans WHERE start_ns BETWEEN $1 AND $2 AND service IS NOT NULL
     GROUP BY service ORDER BY service`,
    [startNs, endNs],
  );
  const links = await readServiceCalls(connection, startNs, endNs);
  return {
    startMs,
    endMs,
    nodes: nodes.getRowObjects().map((row) => ({
      service: String(row.service),
      spans: Number(row.spans),
      errors: Number(row.errors),
    })),
    edges: links.map(({ parent, child, calls, errors, p50Ms, p95Ms }) => ({
      parent,
      child,
      calls,
      rate: calls / seconds,
      errorRatio: calls === 0 ? 0 : errors / calls,
      p50Ms,
      p95Ms,
    })),
  };
}
