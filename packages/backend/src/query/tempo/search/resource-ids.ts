/**
 * Resources are few (one per service instance), spans many: a condition on resource attributes
 * is answered on the `resources` table first, and spans are then matched by resource_id against
 * a list of integers, which DuckDB filters in its scan. spanFilterSql writes each resource
 * condition as a subquery and asks here for its ids: a compile with an unresolved cache collects
 * the subqueries, resolve() runs them, and the next compile inlines their ids.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { ReaderPool } from '../../../storage/reader-pool.js';
import { boundSql } from './bound-sql.js';

const keyOf = (bound: { sql: string; values: DuckDBValue[] }) =>
  `${bound.sql}\u0000${JSON.stringify(bound.values, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value))}`;

export class ResourceIds {
  private readonly resolved = new Map<string, number[]>();
  private readonly pending = new Map<string, { sql: string; values: DuckDBValue[] }>();

  /** The ids of the resources `SELECT r.id FROM resources r …` finds, once resolved. */
  lookup(subquery: string, values: readonly DuckDBValue[]): readonly number[] | undefined {
    const bound = boundSql(subquery, values);
    const key = keyOf(bound);
    const ids = this.resolved.get(key);
    if (ids === undefined) this.pending.set(key, bound);
    return ids;
  }

  /** Runs the subqueries looked up but not yet resolved. */
  async resolve(pool: ReaderPool): Promise<void> {
    for (const [key, bound] of this.pending) {
      const rows = await pool.use((c) => c.runAndReadAll(bound.sql, bound.values));
      this.resolved.set(
        key,
        rows.getRowObjects().map((row) => Number(row.id)),
      );
    }
    this.pending.clear();
  }
}

/**
 * Builds a condition twice: once to learn its resource subqueries, then with their ids.
 * `build` must add its parameters to a SqlParams of its own each time.
 */
export async function withResourceIds<T>(
  pool: ReaderPool,
  build: (ids: ResourceIds) => T,
): Promise<T> {
  const ids = new ResourceIds();
  build(ids);
  await ids.resolve(pool);
  return build(ids);
}
