/** The records of a time range as a FROM source of SQL, pruned by DuckDB's zone maps. */
import { int64, type SqlParams } from '../sql-params.js';

/**
 * The records of [fromNs, toNs) that meet `conditions`, as a FROM source. A record's time is its
 * time, else its observed time (LOG_TIME), an expression DuckDB's zone maps cannot prune by; so
 * the records with a time and those without are read by two conditions on plain columns, each
 * of which prunes row groups at both ends of the range.
 */
export function inRange(
  params: SqlParams,
  fromNs: bigint,
  toNs: bigint,
  conditions: string[],
): string {
  const from = params.add(int64(fromNs));
  const to = params.add(int64(toNs));
  const rest = conditions.map((condition) => ` AND ${condition}`).join('');
  return `(SELECT * FROM logs WHERE time_ns >= ${from} AND time_ns < ${to}${rest}
    UNION ALL
    SELECT * FROM logs WHERE time_ns = 0 AND observed_ns >= ${from} AND observed_ns < ${to}${rest})`;
}
