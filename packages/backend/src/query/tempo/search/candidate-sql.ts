/**
 * The SQL that finds candidate traces for a search, newest first, a round at a time: the newest
 * spans that meet the driver condition (a top-N scan by start_ns, which the zone maps prune, costs
 * the same at 1M spans as at 1k), their traces; then, for those traces, the trace-level
 * condition and each one's stored span count.
 */
import type { DuckDBListValue, DuckDBValue } from '@duckdb/node-api';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import { MAX_ANSWER_SPANS } from '../../jaeger/span-budget.js';
import { int64 } from '../../sql-params.js';
import { boundSql } from './bound-sql.js';
import type { TraceCondition } from './trace-condition.js';

/** Decimal UHUGEINT literals from ids read from storage, never from request text. */
const idList = (ids: readonly bigint[]) =>
  ids.map((id) => `${BigInt.asUintN(128, id)}::UHUGEINT`).join(', ');

export interface CandidateRound {
  /** Traces of the round's spans, by their newest such span, newest first. */
  ids: bigint[];
  /** The start of the oldest span read; the next round reads from there back. */
  floorNs: bigint;
  /** False when the round read fewer spans than asked: nothing older is left. */
  full: boolean;
}

/** A trace's stored spans: how many, and the rowids of the first MAX_ANSWER_SPANS. */
export interface StoredSpans {
  count: number;
  rowids: bigint[];
}

export function createCandidateSql(
  pool: ReaderPool,
  condition: TraceCondition,
  values: readonly DuckDBValue[],
) {
  async function rowsOf(sql: string, extra: DuckDBValue[] = []) {
    const bound = boundSql(sql, [...values, ...extra]);
    return (await pool.use((c) => c.runAndReadAll(bound.sql, bound.values))).getRowObjects();
  }
  const base = values.length;

  return {
    /** The traces of the newest `rows` driver spans starting in [fromNs, toNs]. */
    async round(fromNs: bigint, toNs: bigint, rows: number): Promise<CandidateRound> {
      const result = await rowsOf(
        `WITH newest AS (SELECT s.trace_id, s.start_ns FROM spans s
           WHERE s.start_ns >= $${base + 1} AND s.start_ns <= $${base + 2} AND ${condition.driver}
           ORDER BY s.start_ns DESC LIMIT ${Math.trunc(rows)})
         SELECT trace_id, max(start_ns) AS newest, (SELECT count(*) FROM newest) AS scanned,
           (SELECT min(start_ns) FROM newest) AS floor
         FROM newest GROUP BY trace_id ORDER BY newest DESC, trace_id`,
        [int64(fromNs), int64(toNs)],
      );
      const first = result[0];
      return {
        ids: result.map((row) => row.trace_id as bigint),
        floorNs: (first?.floor as bigint | undefined) ?? fromNs,
        full: Number(first?.scanned ?? 0) >= rows,
      };
    },

    /**
     * Of these traces, those that meet the trace-level condition, with where their spans are
     * stored: one scan of trace_id finds both, and the spans are then read by rowid, which
     * reads only the row groups that hold them (a second scan of trace_id cost as much again).
     */
    async storedSpans(ids: readonly bigint[]): Promise<Map<bigint, StoredSpans>> {
      if (ids.length === 0) return new Map();
      const having = condition.implied ? '' : ` HAVING ${condition.having}`;
      const result = await rowsOf(
        `SELECT s.trace_id, count(*) AS spans,
           list(s.rowid ORDER BY s.rowid)[1:${MAX_ANSWER_SPANS}] AS rowids
         FROM spans s WHERE s.trace_id IN (${idList(ids)})
         GROUP BY s.trace_id${having}`,
      );
      return new Map(
        result.map((row) => [
          row.trace_id as bigint,
          {
            count: Number(row.spans),
            rowids: (row.rowids as DuckDBListValue).items as bigint[],
          },
        ]),
      );
    },
  };
}
