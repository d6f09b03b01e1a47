/**
 * The log sources (storage/log-sources.ts) with their Loki streams, held in memory: a stream
 * selector is matched here, against a few rows, and becomes `source_id IN (...)` in SQL. Sources
 * are only ever added, so each read fetches just those stored since the last.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type LabelMatcher, matchesAll } from '@otel-lab/promql';
import { type LogSource, logSource } from '../../loki-model/log-source.js';

export interface IndexedSource extends LogSource {
  readonly id: number;
}

export function createSourceIndex(connection: DuckDBConnection) {
  const sources = new Map<number, IndexedSource>();
  let last = 0;

  async function refresh(): Promise<void> {
    const rows = await connection.runAndReadAll(
      `SELECT id, resource::VARCHAR AS resource, scope::VARCHAR AS scope FROM log_sources
        WHERE id > $1 ORDER BY id`,
      [last],
    );
    for (const row of rows.getRowObjects()) {
      const id = Number(row.id);
      const parse = (text: unknown) => (text === null ? undefined : JSON.parse(String(text)));
      sources.set(id, { id, ...logSource(parse(row.resource), parse(row.scope)) });
      last = Math.max(last, id);
    }
  }

  return {
    /** Every source whose stream matches all `matchers` (every source for none). */
    async matching(matchers: readonly LabelMatcher[] = []): Promise<IndexedSource[]> {
      await refresh();
      return [...sources.values()].filter((source) => matchesAll(matchers, source.labels));
    },
    /** A source read by an earlier `matching`, by id. */
    get(id: number): IndexedSource | undefined {
      return sources.get(id);
    },
  };
}

export type SourceIndex = ReturnType<typeof createSourceIndex>;
