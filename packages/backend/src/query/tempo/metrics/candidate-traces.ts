import type { DuckDBListValue, DuckDBValue } from '@duckdb/node-api';
import type { Expr, TraceqlTrace } from '@otel-lab/traceql';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import { int64, SqlParams } from '../../sql-params.js';
import { spanFilterSql } from '../search/span-filter-sql.js';
import { TempoError } from '../tempo-error.js';
import { MAX_EVALUATED_SPANS } from './metrics-limits.js';
import type { TimeGrid } from './time-grid.js';

/** Loads whole traces, given their ids and their spans' rowids, as the evaluator reads them. */
export type CandidateTraces = (
  traceIds: readonly bigint[],
  rowids: readonly bigint[],
) => Promise<TraceqlTrace[]>;

/** Structural operators (and their negations) return the right side's spans only. */
const RIGHT_SIDE: ReadonlySet<string> = new Set([
  '>',
  '>>',
  '<',
  '<<',
  '~',
  '!>',
  '!>>',
  '!<',
  '!<<',
  '!~',
]);

/**
 * A condition every span a selection can return holds: a filter's SQL (a superset of it), the
 * right side's for structural operators, either side's for && || and the unions (&>…), a
 * pipeline's first stage (later stages only keep or regroup spans).
 */
export function candidateSql(expr: Expr, params: SqlParams): string {
  switch (expr.kind) {
    case 'spansetFilter':
      return spanFilterSql(expr.filter, params).sql;
    case 'spansetOperation':
      if (RIGHT_SIDE.has(expr.op)) return candidateSql(expr.right, params);
      return `(${candidateSql(expr.left, params)} OR ${candidateSql(expr.right, params)})`;
    case 'pipeline':
      return expr.stages[0] ? candidateSql(expr.stages[0], params) : 'TRUE';
    default:
      return 'TRUE';
  }
}

/**
 * Spans per load: few large loads beat many small ones (measured: 41k one-span traces took 9 s
 * in loads of 500 traces, 4 s in loads of 5,000); the span count bounds what one load holds.
 */
const LOAD_SPANS = 50_000;

/**
 * The traces that may hold a span the selection counts: one that started in the grid and meets
 * candidateSql. Refused with 400 when they hold more than `maxSpans` spans in all, before any is
 * loaded. Yields them a load at a time, so only one load is held.
 */
export async function* candidateTraces(
  pool: ReaderPool,
  selection: Expr,
  grid: TimeGrid,
  load: CandidateTraces,
  maxSpans = MAX_EVALUATED_SPANS,
): AsyncGenerator<TraceqlTrace> {
  const params = new SqlParams();
  const ids = `SELECT DISTINCT s.trace_id FROM spans s
    WHERE s.start_ns >= ${params.add(int64(grid.startNs))} AND s.start_ns < ${params.add(int64(grid.endNs))}
      AND ${candidateSql(selection, params)}`;
  const values: DuckDBValue[] = params.values;
  // One scan of trace_id finds each trace's spans: their count, and their rowids, by which they
  // are then read without a second scan (only when the total is within the cap).
  const reader = await pool.use((c) =>
    c.runAndReadAll(
      `WITH t AS (SELECT trace_id, count(*) AS spans, list(rowid ORDER BY rowid) AS rowids
         FROM spans WHERE trace_id IN (${ids}) GROUP BY trace_id)
       SELECT trace_id, spans::DOUBLE AS spans,
         CASE WHEN (SELECT sum(spans) FROM t) <= ${Math.trunc(maxSpans)} THEN rowids END AS rowids
       FROM t ORDER BY trace_id`,
      values,
    ),
  );
  const rows = reader.getRows().map(([id, spans, rowids]) => ({
    id: BigInt(String(id)),
    spans: Number(spans),
    rowids: ((rowids as DuckDBListValue | null)?.items ?? []) as bigint[],
  }));
  const total = rows.reduce((sum, row) => sum + row.spans, 0);
  if (total > maxSpans) {
    throw new TempoError(
      400,
      `metrics query needs the TraceQL evaluator over ${total} spans of ${rows.length} traces, more than the ${maxSpans} it reads at most: narrow the first span set filter (service, name, an attribute) or the time range`,
    );
  }
  let batch: bigint[] = [];
  let rowids: bigint[] = [];
  for (const row of rows) {
    if (batch.length > 0 && rowids.length + row.spans > LOAD_SPANS) {
      yield* await load(batch, rowids);
      batch = [];
      rowids = [];
    }
    batch.push(row.id);
    for (const rowid of row.rowids) rowids.push(rowid); // a trace may have more than spread allows
  }
  if (batch.length > 0) yield* await load(batch, rowids);
}
