import type { DuckDBConnection } from '@duckdb/node-api';
import { SPAN_TEXT_COLUMNS, type SpanColumns } from './span-columns.js';

/** Ids for a batch's rows, and the texts that got new ids, to insert with the batch. */
export interface InternedIds {
  ids: Uint32Array;
  added: [id: number, text: string][];
}

/**
 * A table of distinct texts (`resources`, `scopes`) that spans reference by id. The writer keeps
 * every id in memory (there are a few per service), so a batch needs no lookup in the database.
 */
export async function openInternTable(connection: DuckDBConnection, table: string) {
  const known = new Map<string, number>();
  const rows = await connection.runAndReadAll(`SELECT id, body::VARCHAR AS body FROM ${table}`);
  /** Texts given ids by batches whose transaction has not ended yet. */
  const pending = new Map<string, number>();
  let next = 1;
  for (const row of rows.getRowObjects()) {
    known.set(String(row.body), Number(row.id));
    next = Math.max(next, Number(row.id) + 1);
  }

  return {
    /** The id of each row's text in `column`; unknown texts get ids, kept once committed. */
    idsOf(columns: SpanColumns, column: (typeof SPAN_TEXT_COLUMNS)[number]): InternedIds {
      const index = SPAN_TEXT_COLUMNS.indexOf(column);
      const perRow = SPAN_TEXT_COLUMNS.length;
      const text = Buffer.from(columns.text.buffer, columns.text.byteOffset, columns.text.length);
      const ids = new Uint32Array(columns.count);
      const added: [number, string][] = [];
      // Rows of one resource share one text cell: decode each cell once.
      const byStart = new Map<number, number>();
      for (let row = 0; row < columns.count; row++) {
        const start = columns.textStart[row * perRow + index] ?? 0;
        let id = byStart.get(start);
        if (id === undefined) {
          const length = columns.textLength[row * perRow + index] ?? 0;
          const body = text.toString('utf8', start, start + Math.max(0, length));
          id = known.get(body) ?? pending.get(body);
          if (id === undefined) {
            id = next++;
            added.push([id, body]);
            pending.set(body, id);
          }
          byStart.set(start, id);
        }
        ids[row] = id;
      }
      return { ids, added };
    },
    /** Inserts the texts a batch added, inside the batch's transaction. */
    async insert(writer: DuckDBConnection, added: [number, string][]): Promise<void> {
      for (const [id, body] of added) {
        await writer.run(`INSERT INTO ${table} VALUES ($1, $2::JSON)`, [id, body]);
      }
    },
    /** After the commit: the texts are stored and their ids known. */
    remember(added: [number, string][]): void {
      for (const [id, body] of added) {
        known.set(body, id);
        pending.delete(body);
      }
    },
    /** After a rollback: the ids were never stored; free them for the next batch. */
    forget(added: [number, string][]): void {
      for (const [, body] of added) pending.delete(body);
      if (added.length > 0 && pending.size === 0) {
        next = Math.min(next, ...added.map(([id]) => id));
      }
    },
  };
}

export type InternTable = Awaited<ReturnType<typeof openInternTable>>;
