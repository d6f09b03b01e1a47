import type { DuckDBValue } from '@duckdb/node-api';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * A bigint within what a BIGINT parameter holds: times far past 2262 (a microsecond or an RFC 3339
 * time in nanoseconds) would make DuckDB fail the statement; clamped, they still compare right.
 */
export const int64 = (value: bigint): bigint =>
  value > INT64_MAX ? INT64_MAX : value < INT64_MIN ? INT64_MIN : value;

/** Positional statement parameters: request text only ever reaches SQL as a bound value. */
export class SqlParams {
  readonly values: DuckDBValue[] = [];
  add(value: DuckDBValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
