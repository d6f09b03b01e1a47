import type { DuckDBConnection } from '@duckdb/node-api';

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
 * The service map from spans, as Jaeger derives dependencies and the Collector's servicegraph
 * connector derives its edges: a call is a span whose parent span (same trace) belongs to another
 * service; its rate, error ratio and latency are the child spans'.
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
  const edges = await connection.runAndReadAll(
    `WITH windowed AS (
       SELECT trace_id, span_id, parent_span_id, service, status_code, duration_ns FROM spans
       WHERE start_ns BETWEEN $1 AND $2)
     SELECT parent.service AS parent, child.service AS child, count(*)::BIGINT AS calls,
            count(*) FILTER (WHERE child.status_code = 2)::BIGINT AS errors,
            quantile_cont(child.duration_ns, 0.5) / 1e6 AS p50_ms,
            quantile_cont(child.duration_ns, 0.95) / 1e6 AS p95_ms
     FROM windowed child JOIN windowed parent
       ON child.trace_id = parent.trace_id AND child.parent_span_id = parent.span_id
     WHERE child.service IS DISTINCT FROM parent.service
     GROUP BY parent.service, child.service ORDER BY parent.service, child.service`,
    [startNs, endNs],
  );
  return {
    startMs,
    endMs,
    nodes: nodes.getRowObjects().map((row) => ({
      service: String(row.service),
      spans: Number(row.spans),
      errors: Number(row.errors),
    })),
    edges: edges.getRowObjects().map((row) => {
      const calls = Number(row.calls);
      return {
        parent: String(row.parent ?? ''),
        child: String(row.child ?? ''),
        calls,
        rate: calls / seconds,
        errorRatio: calls === 0 ? 0 : Number(row.errors) / calls,
        p50Ms: Number(row.p50_ms),
        p95Ms: Number(row.p95_ms),
      };
    }),
  };
}
