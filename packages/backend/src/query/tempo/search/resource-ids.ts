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

  /** Runs the subqueries looked up but not yet resolved, or takes their answers from `cache`. */
  async resolve(pool: ReaderPool, cache = cacheOf(pool)): Promise<void> {
    if (this.pending.size === 0) return;
    await cache.check(pool);
    for (const [key, bound] of this.pending) {
      let ids = cache.answers.get(key);
      if (ids === undefined) {
        const rows = await pool.use((c) => c.runAndReadAll(bound.sql, bound.values));
        ids = rows.getRowObjects().map((row) => Number(row.id));
        cache.remember(key, ids);
      }
      this.resolved.set(key, ids);
    }
    this.pending.clear();
  }
}

/** Subquery answers kept per store. */
const MAX_CACHED_ANSWERS = 1_000;

/**
 * Answers of resource subqueries, valid while `resources` is unchanged. The table only grows
 * (the writer interns each new resource with the next id), so its row count and largest id say
 * whether it changed: a millisecond, where a subquery's JSON filter cost ten.
 */
class ResourceAnswerCache {
  readonly answers = new Map<string, number[]>();
  private version = '';

  async check(pool: ReaderPool): Promise<void> {
    const rows = await pool.use((c) =>
      c.runAndReadAll('SELECT count(*) AS n, coalesce(max(id), 0) AS m FROM resources'),
    );
    const [row] = rows.getRowObjects();
    const version = `${row?.n}/${row?.m}`;
    if (version !== this.version) this.answers.clear();
    this.version = version;
  }

  remember(key: string, ids: number[]): void {
    if (this.answers.size >= MAX_CACHED_ANSWERS) this.answers.clear();
    this.answers.set(key, ids);
  }
}

const caches = new WeakMap<ReaderPool, ResourceAnswerCache>();

function cacheOf(pool: ReaderPool): ResourceAnswerCache {
  let cache = caches.get(pool);
  if (cache === undefined) {
    cache = new ResourceAnswerCache();
    caches.set(pool, cache);
  }
  return cache;
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
