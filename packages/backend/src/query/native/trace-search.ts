import { parseTimeWindow } from './time-param.js';

/** A native trace search, parsed and checked from the query string of GET /api/search/traces. */

export type FilterOperator = 'exists' | '=' | '!=' | '>' | '>=' | '<' | '<=';

export interface AttributeFilter {
  key: string;
  operator: FilterOperator;
  /** Absent for `exists`; a number for the comparisons. */
  value?: string | number;
}

export interface TraceSearch {
  startNs: bigint;
  endNs: bigint;
  service?: string;
  operation?: string;
  filters: AttributeFilter[];
  errorsOnly: boolean;
  minDurationNs?: bigint;
  maxDurationNs?: bigint;
  sort: 'time' | 'duration' | 'spans';
  limit: number;
  offset: number;
}

export class TraceSearchError extends Error {
  override name = 'TraceSearchError';
}

export const MAX_TRACE_LIMIT = 500;

const OPERATORS: readonly FilterOperator[] = ['>=', '<=', '!=', '=', '>', '<'];

/**
 * `key` (exists), `key=value`, `key!=value`, or a numeric comparison `key>N`, `key>=N`, `key<N`,
 * `key<=N`. Values compare as text with = and !=, as numbers with the others.
 */
export function parseFilter(text: string): AttributeFilter {
  // Scanned, not matched with one regex: a backtracking regex took seconds on a long filter.
  const at = text.search(/[=!<>]/);
  const operator = at > 0 ? OPERATORS.find((op) => text.startsWith(op, at)) : undefined;
  if (!operator) {
    if (text.trim() === '') throw new TraceSearchError('filter is empty');
    return { key: text.trim(), operator: 'exists' };
  }
  const key = text.slice(0, at);
  const value = text.slice(at + operator.length).trimStart();
  if (operator === '=' || operator === '!=') return { key: key.trim(), operator, value };
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new TraceSearchError(`filter ${JSON.stringify(text)}: ${operator} needs a number`);
  }
  return { key: key.trim(), operator: operator as FilterOperator, value: number };
}

function milliseconds(raw: string | null, name: string): bigint | undefined {
  if (raw === null || raw === '') return undefined;
  const ms = Number(raw);
  // At most what nanoseconds in a BIGINT hold (292 years).
  if (!Number.isFinite(ms) || ms < 0 || ms > 9_223_372_036_854)
    throw new TraceSearchError(`${name}=${JSON.stringify(raw)}: expected milliseconds`);
  return BigInt(Math.round(ms * 1_000_000));
}

function integer(raw: string | null, name: string, fallback: number, max: number): number {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new TraceSearchError(
      `${name}=${JSON.stringify(raw)}: expected an integer from 0 to ${max}`,
    );
  }
  return value;
}

/**
 * Parameters: start, end (ms or ISO 8601; the last hour by default), service, operation,
 * filter (repeatable, see parseFilter), errors=true, minDuration and maxDuration (ms, of the whole
 * trace), sort (time, duration or spans; newest, longest or largest first), limit (default 20, at
 * most 500) and offset.
 */
export function parseTraceSearch(query: URLSearchParams, nowMs: number = Date.now()): TraceSearch {
  const window = parseTimeWindow(query, 3_600_000, nowMs);
  if (typeof window === 'string') throw new TraceSearchError(window);
  const sort = query.get('sort') ?? 'time';
  if (sort !== 'time' && sort !== 'duration' && sort !== 'spans') {
    throw new TraceSearchError(`sort=${JSON.stringify(sort)}: expected time, duration or spans`);
  }
  const errors = query.get('errors');
  if (errors !== null && errors !== 'true' && errors !== 'false') {
    throw new TraceSearchError(`errors=${JSON.stringify(errors)}: expected true or false`);
  }
  const limit = integer(query.get('limit'), 'limit', 20, MAX_TRACE_LIMIT);
  if (limit === 0) throw new TraceSearchError('limit=0: expected at least 1');
  return {
    ...window,
    service: query.get('service') || undefined,
    operation: query.get('operation') || undefined,
    filters: query.getAll('filter').map(parseFilter),
    errorsOnly: errors === 'true',
    minDurationNs: milliseconds(query.get('minDuration'), 'minDuration'),
    maxDurationNs: milliseconds(query.get('maxDuration'), 'maxDuration'),
    sort,
    limit,
    offset: integer(query.get('offset'), 'offset', 0, 1_000_000),
  };
}
