import type { DuckDBValue } from '@duckdb/node-api';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import { int64, SqlParams } from '../../sql-params.js';
import { spanFilterSql } from '../search/span-filter-sql.js';
import { isSpanDuration } from './field-number.js';
import { type GroupColumn, groupColumn } from './group-columns.js';
import type { LabelValue } from './label-value.js';
import type { MetricsQuery } from './metrics-query.js';
import type { SeriesAccumulator } from './series-accumulator.js';
import { resourceLabels } from './stored-label.js';
import type { TimeGrid } from './time-grid.js';

/** A metrics query the store can answer alone: its filter, groups and value are all SQL. */
export interface SqlMetricsPlan {
  readonly params: SqlParams;
  readonly where: string;
  readonly groups: readonly GroupColumn[];
  readonly bucketed: boolean;
  readonly valued: boolean;
}

/**
 * The fast path's plan: the spans before the metrics function are one span set filter SQL
 * decides exactly, every by() field is a column or a stored attribute, and the function reads
 * no value or the span's duration. Undefined otherwise (the evaluating path answers).
 */
export function planSqlMetrics(query: MetricsQuery, grid: TimeGrid): SqlMetricsPlan | undefined {
  if (query.selection.kind !== 'spansetFilter') return undefined;
  if (query.field !== undefined && !isSpanDuration(query.field)) return undefined;
  const params = new SqlParams();
  const filter = spanFilterSql(query.selection.filter, params);
  if (!filter.exact) return undefined;
  const groups: GroupColumn[] = [];
  for (const field of query.by) {
    const column = groupColumn(field, params);
    if (column === undefined) return undefined;
    groups.push(column);
  }
  const bucketed = query.fn === 'quantile_over_time' || query.fn === 'histogram_over_time';
  const where = [
    `s.start_ns >= ${params.add(int64(grid.startNs))}`,
    `s.start_ns < ${params.add(int64(grid.endNs))}`,
    `(${filter.sql})`,
    ...(bucketed ? ['s.duration_ns >= 2'] : []),
  ].join(' AND ');
  return { params, where, groups, bucketed, valued: query.field !== undefined && !bucketed };
}

const aliases = (groups: readonly GroupColumn[]) =>
  groups.flatMap((group, g) => group.exprs.map((expr, e) => `${expr} AS g${g}_${e}`));

async function loadResources(pool: ReaderPool, ids: Set<number>) {
  const resources = new Map<number, ReadonlyMap<string, LabelValue>>();
  if (ids.size === 0) return resources;
  const list = [...ids].map((id) => Math.trunc(id)).join(',');
  const reader = await pool.use((c) =>
    c.runAndReadAll(`SELECT id, body::VARCHAR AS body FROM resources WHERE id IN (${list})`),
  );
  for (const row of reader.getRowObjects()) {
    resources.set(Number(row.id), resourceLabels(String(row.body ?? '{}')));
  }
  return resources;
}

/** Rows of group cells and trailing values; resource ids found in them are loaded. */
async function groupedRows(pool: ReaderPool, plan: SqlMetricsPlan, sql: string, params: SqlParams) {
  const values: DuckDBValue[] = params.values;
  const reader = await pool.use((c) => c.runAndReadAll(sql, values));
  const rows = reader.getRows();
  const ids = new Set<number>();
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (typeof cell === 'number' && reader.columnName(i).endsWith('rid')) ids.add(cell);
    });
  }
  const resources = await loadResources(pool, ids);
  const lookup = (id: number | null) => (id === null ? undefined : resources.get(id));
  return rows.map((row) => {
    let at = 0;
    const labels = plan.groups.map((group) => {
      const cells = row.slice(at, at + group.exprs.length);
      at += group.exprs.length;
      return group.decode(cells, lookup);
    });
    return { labels, rest: row.slice(at) };
  });
}

/** The plan's parameters, to add a statement's own to. */
function paramsOf(plan: SqlMetricsPlan): SqlParams {
  const params = new SqlParams();
  params.values.push(...plan.params.values);
  return params;
}

/** Resource ids are selected as g…rid so the reader knows to load them. */
function selectList(plan: SqlMetricsPlan): string {
  return aliases(plan.groups)
    .map((item) => (item.startsWith('resource_id AS') ? `${item}rid` : item))
    .join(', ');
}

/** A tallied cell's earliest stored span: where exemplars are picked from. */
export interface ExemplarCandidate {
  readonly labels: readonly LabelValue[];
  readonly interval: number;
  readonly rowid: bigint;
}

/**
 * Tallies the plan's spans into `acc` in one GROUP BY; resolves the number of spans counted and
 * each cell's earliest stored span, the exemplar candidates (no second scan of the spans).
 */
export async function runSqlMetrics(
  pool: ReaderPool,
  plan: SqlMetricsPlan,
  acc: SeriesAccumulator,
): Promise<{ spans: number; candidates: ExemplarCandidate[] }> {
  const { grid } = acc;
  const params = paramsOf(plan);
  const step = params.add(int64(grid.stepNs));
  const start = params.add(int64(grid.startNs));
  const select = selectList(plan);
  const sql = `SELECT ${select}${select === '' ? '' : ', '}
      ((s.start_ns - ${start}) // ${step})::INTEGER AS i,
      ${plan.bucketed ? 'ceil(log2(s.duration_ns))::INTEGER' : '0'} AS b,
      count(*)::DOUBLE AS n,
      ${plan.valued ? 'sum(s.duration_ns / 1e9), min(s.duration_ns / 1e9), max(s.duration_ns / 1e9)' : '0, 0, 0'},
      min(s.rowid) AS r
    FROM spans s WHERE ${plan.where} GROUP BY ALL`;
  let spans = 0;
  const candidates: ExemplarCandidate[] = [];
  for (const { labels, rest } of await groupedRows(pool, plan, sql, params)) {
    const [interval = -1, exponent = 0, count = 0, sum, min, max] = rest.slice(0, 6).map(Number);
    spans += count;
    if (plan.bucketed) acc.addBucket(labels, interval, 2 ** exponent / 1e9, count);
    else acc.add(labels, interval, count, sum, min, max);
    candidates.push({ labels, interval, rowid: BigInt(rest[6] as bigint) });
  }
  return { spans, candidates };
}
