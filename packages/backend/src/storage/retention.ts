import type { DuckDBConnection } from '@duckdb/node-api';
import { LOG_TIME } from './stored-sql.js';

/** Each table with the column that dates its rows, in nanoseconds. */
const DATED_TABLES = [
  { table: 'spans', time: 'start_ns' },
  { table: 'logs', time: LOG_TIME },
  { table: 'received_metrics', time: 'received_ns' },
] as const;

export interface RetentionLimits {
  maxAgeMs: number;
}

export interface Eviction {
  /** Rows removed, by table. */
  deleted: Record<string, number>;
  reason: 'age' | 'none';
}

/** Bytes in use inside the database file plus its write-ahead log. */
export async function usedBytes(
  connection: DuckDBConnection,
  walBytes: () => number,
): Promise<number> {
  const [row] = (await connection.runAndReadAll('CALL pragma_database_size()')).getRowObjects();
  return Number(row?.used_blocks ?? 0) * Number(row?.block_size ?? 0) + walBytes();
}

async function deleteOlderThan(
  connection: DuckDBConnection,
  cutoffNs: bigint,
  deleted: Record<string, number>,
) {
  for (const { table, time } of DATED_TABLES) {
    const result = await connection.run(`DELETE FROM ${table} WHERE ${time} < ${cutoffNs}`);
    deleted[table] = (deleted[table] ?? 0) + Number(result.rowsChanged);
  }
}

/**
 * Removes telemetry past the age limit, oldest first, between writes on the writer connection.
 *
 * The disk limit is reported, not yet enforced: DuckDB frees a block only when every row in its
 * row group (122,880 rows) is gone, so deleting old rows from one table does not shrink it.
 * Enforcing it needs the tables split by time, so whole partitions can be dropped.
 */
export async function enforceRetention(
  connection: DuckDBConnection,
  limits: RetentionLimits,
  nowMs: number = Date.now(),
): Promise<Eviction> {
  const deleted: Record<string, number> = {};
  const ageCutoff = BigInt(Math.max(0, nowMs - limits.maxAgeMs)) * 1_000_000n;
  await deleteOlderThan(connection, ageCutoff, deleted);
  const any = Object.values(deleted).some((count) => count > 0);
  return { deleted, reason: any ? 'age' : 'none' };
}
