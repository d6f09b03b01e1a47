import type { DuckDBValue } from '@duckdb/node-api';
import type { Expr, TraceqlTrace } from '@otel-lab/traceql';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import { int64, SqlParams } from '../../sql-params.js';
import { spanFilterSql } from '../search/span-filter-sql.js';
import { TempoError } from '../tempo-error.js';
import { MAX_EVALUATED_SPANS } from './metrics-limits.js';
import type { TimeGrid } from './time-grid.js';

/** Loads whole traces by id (all their stored spans), as the evaluator reads them. */
export type CandidateTraces = (traceIds: readonly bigint[]) => Promise<TraceqlTrace[]>;

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

const BATCH = 500;

/**
 * The traces that may hold a span the selection counts: one that started in the grid and meets
 * candidateSql. Refused with 400 when they hold more than MAX_EVALUATED_SPANS spans in all,
 * before any is loaded. Yields them in batches, so only a batch is held at a time.
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
  const reader = await pool.use((c) =>
    c.runAndReadAll(
      `WITH ids AS (${ids}) SELECT trace_id, (SELECT count(*) FROM spans WHERE trace_id IN (SELECT trace_id FROM ids))::DOUBLE AS total FROM ids`,
      values,
    ),
  );
  const rows = reader.getRows();
  const total = Number(rows[0]?.[1] ?? 0);
  if (total > maxSpans) {
    throw new TempoError(
      400,
      `metrics query needs the TraceQL evaluator over ${total} spans of ${rows.length} traces, more than the ${maxSpans} it reads at most: narrow the first span set filter (service, name, an attribute) or the time range`,
    );
  }
  const traceIds = rows.map((row) => BigInt(String(row[0])));
  for (let i = 0; i < traceIds.length; i += BATCH) {
    yield* await load(traceIds.slice(i, i + BATCH));
  }
}
