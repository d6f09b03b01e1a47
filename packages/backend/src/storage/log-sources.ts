/**
 * The (resource, instrumentation scope) pairs log records come from, each stored once in
 * `log_sources` (schema.ts, version 5) and referenced by `logs.source_id`. Readers derive each
 * pair's Loki stream from it (loki-model/log-source.ts) and match a LogQL stream selector against
 * these few rows, not against every record; a record's resource and scope metadata is read from
 * here too. The stream is not stored, so a reader always maps as its own version of the mapping.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResourceData, ScopeData } from '@otel-lab/otlp';
import { resourceJson as resourceText, scopeJson as scopeText } from './append-rows.js';

export interface NewSource {
  id: number;
  resource: string;
  scope: string;
}

const SEPARATOR = '\n';

/** Loads the stored sources; the writer then knows every id in memory (a few per service). */
export async function openLogSources(connection: DuckDBConnection) {
  const known = new Map<string, number>();
  const pending = new Map<string, number>();
  let next = 1;
  const rows = await connection.runAndReadAll(
    'SELECT id, resource::VARCHAR AS resource, scope::VARCHAR AS scope FROM log_sources',
  );
  for (const row of rows.getRowObjects()) {
    known.set(`${row.resource}${SEPARATOR}${row.scope}`, Number(row.id));
    next = Math.max(next, Number(row.id) + 1);
  }
  // Decoders share one resource and scope object among a block's records: one key per pair.
  const keys = new WeakMap<ResourceData, WeakMap<ScopeData, [string, string, string]>>();
  const keyOf = (resource: ResourceData, scope: ScopeData): [string, string, string] => {
    let byScope = keys.get(resource);
    if (!byScope) {
      byScope = new WeakMap();
      keys.set(resource, byScope);
    }
    let key = byScope.get(scope);
    if (!key) {
      const r = resourceText(resource);
      const s = scopeText(scope);
      key = [`${r}${SEPARATOR}${s}`, r, s];
      byScope.set(scope, key);
    }
    return key;
  };

  return {
    /** The source id of a record's resource and scope; new pairs are added to `added`. */
    idOf(resource: ResourceData, scope: ScopeData, added: NewSource[]): number {
      const [key, r, s] = keyOf(resource, scope);
      let id = known.get(key) ?? pending.get(key);
      if (id === undefined) {
        id = next++;
        pending.set(key, id);
        added.push({ id, resource: r, scope: s });
      }
      return id;
    },
    /** The source id of a pair already in stored text (a decode worker's LogColumns). */
    idOfText(resource: string, scope: string, added: NewSource[]): number {
      const key = `${resource}${SEPARATOR}${scope}`;
      let id = known.get(key) ?? pending.get(key);
      if (id === undefined) {
        id = next++;
        pending.set(key, id);
        added.push({ id, resource, scope });
      }
      return id;
    },
    /** Stores what a batch added, inside the batch's transaction. */
    async insert(writer: DuckDBConnection, added: readonly NewSource[]): Promise<void> {
      for (const source of added) {
        await writer.run('INSERT INTO log_sources VALUES ($1, $2::JSON, $3::JSON)', [
          source.id,
          source.resource,
          source.scope,
        ]);
      }
    },
    /** After the commit: the sources are stored. */
    remember(added: readonly NewSource[]): void {
      for (const source of added) {
        const key = `${source.resource}${SEPARATOR}${source.scope}`;
        known.set(key, source.id);
        pending.delete(key);
      }
    },
    /** After a rollback: the ids were never stored. */
    forget(added: readonly NewSource[]): void {
      for (const source of added) pending.delete(`${source.resource}${SEPARATOR}${source.scope}`);
      if (added.length > 0 && pending.size === 0) {
        next = Math.min(next, ...added.map((source) => source.id));
      }
    },
  };
}

export type LogSources = Awaited<ReturnType<typeof openLogSources>>;

/**
 * Schema step 5 for stored records: one source per distinct (resource, scope) of `logs`, and
 * each record's source_id.
 */
export async function assignLogSources(connection: DuckDBConnection): Promise<void> {
  const rows = await connection.runAndReadAll(
    `SELECT DISTINCT resource::VARCHAR AS resource, scope::VARCHAR AS scope FROM logs`,
  );
  let id = 0;
  for (const row of rows.getRowObjects()) {
    await connection.run('INSERT INTO log_sources VALUES ($1, $2::JSON, $3::JSON)', [
      ++id,
      row.resource === null ? null : String(row.resource),
      row.scope === null ? null : String(row.scope),
    ]);
  }
  await connection.run(
    `UPDATE logs SET source_id = s.id FROM log_sources s
      WHERE logs.resource::VARCHAR IS NOT DISTINCT FROM s.resource::VARCHAR
        AND logs.scope::VARCHAR IS NOT DISTINCT FROM s.scope::VARCHAR`,
  );
}
