import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * For tests: the connection, and every SQL text passed to it, so a test can check that request
 * text reached the statement only as a bound value.
 */
export function recordingConnection(connection: DuckDBConnection): {
  connection: DuckDBConnection;
  statements: string[];
} {
  const statements: string[] = [];
  const recording = new Proxy(connection, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof args[0] === 'string') statements.push(args[0]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { connection: recording, statements };
}
