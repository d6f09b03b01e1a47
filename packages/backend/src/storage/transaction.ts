import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';

/** Opens an appender on `table` that belongs to the surrounding transaction. */
export type OpenAppender = (table: string) => Promise<DuckDBAppender>;

/**
 * Runs `work` in one transaction that commits (one fsync) before it resolves. Appenders opened
 * through `open` are flushed and closed inside the transaction, before the commit or the
 * rollback: closed after a rollback, their rows would land in a transaction of their own.
 */
export async function inWriteTransaction<T>(
  connection: DuckDBConnection,
  work: (open: OpenAppender) => Promise<T>,
): Promise<T> {
  const appenders: DuckDBAppender[] = [];
  const open: OpenAppender = async (table) => {
    const appender = await connection.createAppender(table);
    appenders.push(appender);
    return appender;
  };
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work(open);
    for (const appender of appenders.splice(0)) {
      appender.flushSync();
      appender.closeSync();
    }
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    for (const appender of appenders) {
      try {
        appender.closeSync();
      } catch {
        // the rollback below discards whatever it held
      }
    }
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
