import type { DuckDBConnection } from '@duckdb/node-api';
import { int64 } from './sql-params.js';

/**
 * The longest window the calls between services are read over, by /api/service-map and Jaeger's
 * /api/dependencies alike: the self-join below reads every span of the window twice, and a week
 * is already a full scan of a default store. Jaeger UI asks its dependencies over a week.
 */
export const MAX_CALL_WINDOW_MS = 7 * 24 * 3_600_000;

/** Calls from one service to another: spans of `child` whose parent span is in `parent`. */
export interface ServiceCalls {
  parent: string;
  child: string;
  calls: number;
  /** Calls whose child span has error status. */
  errors: number;
  /** Of the child spans' durations, in ms. */
  p50Ms: number;
  p95Ms: number;
}

/**
 * Service-to-service calls as Jaeger derives dependencies and the Collector's servicegraph
 * connector its edges: one for each span whose parent span (same trace) belongs to another
 * service, both starting within [startNs, endNs]; by parent, then child.
 */
export async function readServiceCalls(
  connection: DuckDBConnection,
  startNs: bigint,
  endNs: bigint,
): Promise<ServiceCalls[]> {
  const result = await connection.runAndReadAll(
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
    [int64(startNs), int64(endNs)],
  );
  return result.getRowObjects().map((row) => ({
    parent: (row.parent as string | null) ?? '',
    child: (row.child as string | null) ?? '',
    calls: Number(row.calls),
    errors: Number(row.errors),
    p50Ms: Number(row.p50_ms),
    p95Ms: Number(row.p95_ms),
  }));
}
