import type { DuckDBConnection } from '@duckdb/node-api';
import { LOG_TIME } from './stored-sql.js';

/** Each table with the column that dates its rows, and that column's unit per millisecond. */
const DATED_TABLES = [
  { table: 'spans', time: 'start_ns', perMs: 1_000_000n },
  { table: 'logs', time: LOG_TIME, perMs: 1_000_000n },
  { table: 'received_metrics', time: 'received_ns', perMs: 1_000_000n },
  { table: 'samples', time: 't_ms', perMs: 1n },
  { table: 'histogram_samples', time: 't_ms', perMs: 1n },
  { table: 'exemplars', time: 't_ms', perMs: 1n },
] as const;

export interface RetentionLimits {
  maxAgeMs: number;
  /** Bytes the database (file blocks in use plus write-ahead log) may use; unset: no limit. */
  maxDiskBytes?: number;
}

export interface Eviction {
  /** Rows removed, by table. */
  deleted: Record<string, number>;
  /** Why rows went: past the age limit, over the disk limit, both, or nothing to do. */
  reason: 'age' | 'disk' | 'age+disk' | 'none';
  /** Bytes in use after the pass, when the disk limit was checked. */
  usedBytes?: number;
  /** By table, in its time column's unit: no row dated before this is left. */
  before: Record<string, bigint>;
}

function raise(before: Record<string, bigint>, table: string, cutoff: bigint): void {
  const known = before[table];
  if (known === undefined || cutoff > known) before[table] = cutoff;
}

/** Disk eviction aims below the limit, so it does not run again at the next write. */
const DISK_TARGET = 0.8;
/** At most this share of each table goes per round; a few rounds converge on the target. */
const MAX_ROUND_SHARE = 0.5;
const MAX_ROUNDS = 4;

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
  cutoffMs: bigint,
  deleted: Record<string, number>,
  before: Record<string, bigint>,
): Promise<number> {
  let total = 0;
  for (const { table, time, perMs } of DATED_TABLES) {
    const result = await connection.run(`DELETE FROM ${table} WHERE ${time} < ${cutoffMs * perMs}`);
    raise(before, table, cutoffMs * perMs);
    const count = Number(result.rowsChanged);
    deleted[table] = (deleted[table] ?? 0) + count;
    total += count;
  }
  return total;
}

/** Deletes the oldest `share` of every table's rows. */
async function deleteOldestShare(
  connection: DuckDBConnection,
  share: number,
  deleted: Record<string, number>,
  before: Record<string, bigint>,
): Promise<number> {
  let total = 0;
  for (const { table, time } of DATED_TABLES) {
    // The time below which `share` of the rows lie; the oldest go, however the tables interleave.
    const [row] = (
      await connection.runAndReadAll(
        `SELECT quantile_disc(${time}, ${share}) AS cutoff FROM ${table}`,
      )
    ).getRowObjects();
    const cutoff = row?.cutoff;
    if (cutoff === null || cutoff === undefined) continue;
    const result = await connection.run(
      `DELETE FROM ${table} WHERE ${time} <= ${BigInt(cutoff as bigint)}`,
    );
    raise(before, table, BigInt(cutoff as bigint) + 1n);
    const count = Number(result.rowsChanged);
    deleted[table] = (deleted[table] ?? 0) + count;
    total += count;
  }
  return total;
}

/**
 * Removes telemetry past the age limit, then, while the database uses more than the disk limit,
 * the oldest rows of every table, on the writer connection between writes.
 *
 * Deleted rows free their blocks at the next checkpoint, which runs here, so the space is reused
 * by new data at once (the file itself shrinks only when its tail is free). Rows are stored in
 * arrival order, so the oldest rows fill whole row groups and those are freed entirely.
 */
export async function enforceRetention(
  connection: DuckDBConnection,
  limits: RetentionLimits,
  nowMs: number = Date.now(),
  walBytes: () => number = () => 0,
): Promise<Eviction> {
  const deleted: Record<string, number> = {};
  const before: Record<string, bigint> = {};
  const ageCutoff = BigInt(Math.max(0, Math.trunc(nowMs - limits.maxAgeMs)));
  const byAge = (await deleteOlderThan(connection, ageCutoff, deleted, before)) > 0;
  const maxDisk = limits.maxDiskBytes;
  if (maxDisk === undefined) return { deleted, reason: byAge ? 'age' : 'none', before };

  let byDisk = false;
  let used = await usedBytes(connection, walBytes);
  for (let round = 0; round < MAX_ROUNDS && used > maxDisk; round++) {
    const share = Math.min(MAX_ROUND_SHARE, 1 - (maxDisk * DISK_TARGET) / used);
    if ((await deleteOldestShare(connection, share, deleted, before)) === 0) break;
    byDisk = true;
    await connection.run('CHECKPOINT');
    used = await usedBytes(connection, walBytes);
  }
  if (byAge && !byDisk) {
    await connection.run('CHECKPOINT');
    used = await usedBytes(connection, walBytes);
  }
  const reason = byAge ? (byDisk ? 'age+disk' : 'age') : byDisk ? 'disk' : 'none';
  return { deleted, reason, usedBytes: used, before };
}
