import type { DuckDBValue } from '@duckdb/node-api';

/**
 * A statement and its values with only the parameters it uses, renumbered: DuckDB refuses a
 * value no placeholder takes, and a trace condition's parts each use some of one SqlParams.
 * Placeholders are `$n` as SqlParams writes them; the SQL here holds no `$` and digit otherwise.
 */
export function boundSql(sql: string, values: readonly DuckDBValue[]) {
  const numbers = new Map<number, number>();
  const used: DuckDBValue[] = [];
  const text = sql.replace(/\$(\d+)/g, (_match, digits: string) => {
    const index = Number(digits);
    let number = numbers.get(index);
    if (number === undefined) {
      number = used.length + 1;
      numbers.set(index, number);
      used.push(values[index - 1] as DuckDBValue);
    }
    return `$${number}`;
  });
  return { sql: text, values: used };
}
