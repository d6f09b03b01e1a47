/**
 * Read connections for reads that stream their result. A streaming result lives on its
 * connection until it is read to the end, and the next query on that connection closes it, so
 * each streaming read borrows a connection of its own. DuckDB connections are cheap; at most
 * `size` are open, and borrowers past that wait their turn in order.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export interface ReaderPool {
  /** Runs `read` with a connection nothing else uses until it settles. */
  use<T>(read: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Closes the idle connections; for the store's close. */
  close(): void;
}

export function createReaderPool(
  connect: () => Promise<DuckDBConnection>,
  size: number,
): ReaderPool {
  const idle: DuckDBConnection[] = [];
  const waiting: ((connection: DuckDBConnection) => void)[] = [];
  let open = 0;

  async function acquire(): Promise<DuckDBConnection> {
    const ready = idle.pop();
    if (ready) return ready;
    if (open < size) {
      open += 1;
      try {
        return await connect();
      } catch (error) {
        open -= 1;
        throw error;
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(connection: DuckDBConnection): void {
    const next = waiting.shift();
    if (next) next(connection);
    else idle.push(connection);
  }

  return {
    async use(read) {
      const connection = await acquire();
      try {
        return await read(connection);
      } finally {
        release(connection);
      }
    },
    close() {
      for (const connection of idle.splice(0)) connection.closeSync();
    },
  };
}

/** One connection used by one read at a time (tests, and code handed a single connection). */
export function singleReader(connection: DuckDBConnection): ReaderPool {
  return { ...createReaderPool(async () => connection, 1), close() {} };
}
