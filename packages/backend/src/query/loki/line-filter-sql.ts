/**
 * Line filters as SQL conditions, so DuckDB skips records no line filter can keep. The engine
 * applies every filter again, so a condition may keep more than the filter (never less): only
 * string bodies, whose line is the stored string, are filtered here; any other body passes.
 */
import type { LineFilter } from '@otel-lab/logql';
import { compileAnchored } from '@otel-lab/promql';
import type { SqlParams } from '../sql-params.js';

/** The stored text of a string body starts so (storage/otlp-json.ts writes it). */
export const STRING_BODY = `starts_with(body::VARCHAR, '{"stringValue":')`;
/** The line of a string body. */
export const STRING_LINE = `(body->>'stringValue')`;

/**
 * `|= "x"` as a substring of the stored JSON text, which needs no JSON parsing: the line holds
 * x only if the text holds x JSON-escaped (the text may hold it where the line does not, across
 * an escape; the engine's check removes those).
 */
function contains(value: string, params: SqlParams): string {
  return `contains(body::VARCHAR, ${params.add(JSON.stringify(value).slice(1, -1))})`;
}

/** `|~` on the line with DuckDB's RE2, whose syntax is Go's; a pattern Go refuses is left to the engine. */
function regexMatches(pattern: string, params: SqlParams): string | undefined {
  try {
    compileAnchored(pattern);
  } catch {
    return undefined;
  }
  return `regexp_matches(${STRING_LINE}, ${params.add(pattern)})`;
}

function filterSql(filter: LineFilter, params: SqlParams): string | undefined {
  if (filter.values.length === 0) return undefined;
  const any = (parts: (string | undefined)[]) =>
    parts.some((part) => part === undefined) ? undefined : `(${parts.join(' OR ')})`;
  switch (filter.op) {
    case '|=':
      if (filter.values.includes('')) return undefined;
      return any(filter.values.map((value) => contains(value, params)));
    case '!=': {
      // Exact on the line itself (the escaped text can hold what the line does not); with `or`
      // the engine decides.
      const [value] = filter.values;
      if (filter.values.length !== 1 || !value) return undefined;
      return `NOT contains(${STRING_LINE}, ${params.add(value)})`;
    }
    case '|~':
      return any(filter.values.map((value) => regexMatches(value, params)));
    case '!~':
      // DuckDB's `.` may match more than Go's (newlines); a negated match is left to the engine.
      return undefined;
  }
}

/** One condition for all `filters` (undefined when none can be pushed down). */
export function lineFiltersSql(
  filters: readonly LineFilter[],
  params: SqlParams,
): string | undefined {
  const parts = filters
    .map((filter) => filterSql(filter, params))
    .filter((part): part is string => part !== undefined);
  if (parts.length === 0) return undefined;
  return `(NOT ${STRING_BODY} OR (${parts.join(' AND ')}))`;
}
