import type { DuckDBValue } from '@duckdb/node-api';

/** Positional statement parameters: request text only ever reaches SQL as a bound value. */
export class SqlParams {
  readonly values: DuckDBValue[] = [];
  add(value: DuckDBValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
