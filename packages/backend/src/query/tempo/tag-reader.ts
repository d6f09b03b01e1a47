import type { DuckDBValue } from '@duckdb/node-api';
import { jsonPointer } from '../../storage/compact-attributes.js';
import type { ReaderPool } from '../../storage/reader-pool.js';
import { int64, SqlParams } from '../sql-params.js';
import { tagFilterSql } from './tag-filter.js';
import type { TagRequest } from './tag-params.js';

/**
 * Tag names and values of the spans in a request's window, read with a LIMIT in SQL. The window
 * is on start_ns, the column the stored time order (its zone maps) prunes by.
 */
export interface TagReader {
  spanKeys(request: TagRequest): Promise<string[]>;
  resourceKeys(request: TagRequest): Promise<string[]>;
  /** The distinct compact JSON texts of span attribute `key` (compact-attributes.ts). */
  spanValues(request: TagRequest, key: string): Promise<string[]>;
  /** The distinct OTLP/JSON AnyValue texts of resource attribute `key`. */
  resourceValues(request: TagRequest, key: string): Promise<string[]>;
  /** Distinct texts of a span column or expression (SQL from this package, never request text). */
  columnValues(request: TagRequest, column: string, where?: string): Promise<string[]>;
  /** Instrumentation scope field `name` or `version` of the spans. */
  scopeValues(request: TagRequest, field: 'name' | 'version'): Promise<string[]>;
  /** Attribute names of the spans' events, links or instrumentation scopes. */
  nestedKeys(request: TagRequest, scope: NestedScope): Promise<string[]>;
  /** Their distinct values of `key`, as OTLP/JSON AnyValue texts or, for events, compact texts. */
  nestedValues(request: TagRequest, scope: NestedScope, key: string): Promise<string[]>;
  /** Distinct event names. */
  eventNames(request: TagRequest): Promise<string[]>;
}

export type NestedScope = 'event' | 'link' | 'instrumentation';

/**
 * Where each scope's attributes are, one row per attribute list: events in the compact form
 * (`{"t":…,"n":…,"a":{key: value}}`), links in OTLP/JSON, scopes in their own table. Spans with
 * no event or link attributes have nested_keys '' and are skipped without reading their JSON.
 */
const NESTED_LISTS: Record<NestedScope, (where: string) => string> = {
  event: (where) => `SELECT e->'a' AS a FROM spans, unnest(json_extract(events, '$[*]')) AS t(e)
    WHERE ${where} AND nested_keys <> ''`,
  link: (
    where,
  ) => `SELECT l->'attributes' AS a FROM spans, unnest(json_extract(links, '$[*]')) AS t(l)
    WHERE ${where} AND nested_keys <> ''`,
  instrumentation: (where) => `SELECT body->'attributes' AS a FROM scopes
    WHERE id IN (SELECT DISTINCT scope_id FROM spans WHERE ${where})`,
};

/** The window and `q` as a WHERE clause over spans. */
function spanWhere(request: TagRequest, params: SqlParams): string {
  return [
    `start_ns >= ${params.add(int64(request.startNs))}`,
    `start_ns <= ${params.add(int64(request.endNs))}`,
    ...tagFilterSql(request.q, params),
  ].join(' AND ');
}

export function createTagReader(pool: ReaderPool): TagReader {
  async function texts(sql: (params: SqlParams) => string): Promise<string[]> {
    const params = new SqlParams();
    const text = sql(params);
    const values: DuckDBValue[] = params.values;
    const reader = await pool.use((c) => c.runAndReadAll(text, values));
    return reader.getRowObjects().map((row) => String(row.v));
  }
  const limit = (request: TagRequest) => Math.trunc(request.limit);

  return {
    spanKeys: (request) =>
      texts(
        (p) => `SELECT DISTINCT unnest(json_keys(attributes)) AS v FROM spans
          WHERE ${spanWhere(request, p)} ORDER BY v LIMIT ${limit(request)}`,
      ),
    resourceKeys: (request) =>
      texts(
        (p) => `SELECT DISTINCT kv->>'key' AS v FROM resources r,
            unnest(json_extract(r.body, '$.attributes[*]')) AS t(kv)
          WHERE r.id IN (SELECT DISTINCT resource_id FROM spans WHERE ${spanWhere(request, p)})
          ORDER BY v LIMIT ${limit(request)}`,
      ),
    spanValues: (request, key) =>
      texts((p) => {
        const pointer = p.add(jsonPointer(key));
        return `SELECT DISTINCT (attributes->${pointer})::VARCHAR AS v FROM spans
          WHERE ${spanWhere(request, p)} AND json_exists(attributes, ${pointer})
          ORDER BY v LIMIT ${limit(request)}`;
      }),
    resourceValues: (request, key) =>
      texts(
        (p) => `SELECT DISTINCT (kv->'value')::VARCHAR AS v FROM resources r,
            unnest(json_extract(r.body, '$.attributes[*]')) AS t(kv)
          WHERE kv->>'key' = ${p.add(key)}
            AND r.id IN (SELECT DISTINCT resource_id FROM spans WHERE ${spanWhere(request, p)})
          ORDER BY v LIMIT ${limit(request)}`,
      ),
    columnValues: (request, column, where = 'TRUE') =>
      texts(
        (p) => `SELECT DISTINCT ${column} AS v FROM spans
          WHERE ${spanWhere(request, p)} AND ${where} AND ${column} IS NOT NULL
          ORDER BY v LIMIT ${limit(request)}`,
      ),
    scopeValues: (request, field) =>
      texts(
        (p) => `SELECT DISTINCT body->>'${field === 'name' ? 'name' : 'version'}' AS v
          FROM scopes WHERE id IN (SELECT DISTINCT scope_id FROM spans WHERE ${spanWhere(request, p)})
            AND v IS NOT NULL AND v <> ''
          ORDER BY v LIMIT ${limit(request)}`,
      ),
    nestedKeys: (request, scope) =>
      texts((p) => {
        const lists = NESTED_LISTS[scope](spanWhere(request, p));
        const keys =
          scope === 'event'
            ? `SELECT unnest(json_keys(a)) AS v FROM (${lists})`
            : `SELECT kv->>'key' AS v FROM (${lists}), unnest(json_extract(a, '$[*]')) AS t(kv)`;
        return `SELECT DISTINCT v FROM (${keys}) WHERE v IS NOT NULL ORDER BY v LIMIT ${limit(request)}`;
      }),
    nestedValues: (request, scope, key) =>
      texts((p) => {
        const lists = NESTED_LISTS[scope](spanWhere(request, p));
        if (scope === 'event') {
          const pointer = p.add(jsonPointer(key));
          return `SELECT DISTINCT (a->${pointer})::VARCHAR AS v FROM (${lists})
            WHERE json_exists(a, ${pointer}) ORDER BY v LIMIT ${limit(request)}`;
        }
        return `SELECT DISTINCT (kv->'value')::VARCHAR AS v
          FROM (${lists}), unnest(json_extract(a, '$[*]')) AS t(kv)
          WHERE kv->>'key' = ${p.add(key)} ORDER BY v LIMIT ${limit(request)}`;
      }),
    eventNames: (request) =>
      texts(
        (
          p,
        ) => `SELECT DISTINCT e->>'n' AS v FROM spans, unnest(json_extract(events, '$[*]')) AS t(e)
          WHERE ${spanWhere(request, p)} AND events IS NOT NULL AND len(events::VARCHAR) > 2
            AND v IS NOT NULL AND v <> '' ORDER BY v LIMIT ${limit(request)}`,
      ),
  };
}
