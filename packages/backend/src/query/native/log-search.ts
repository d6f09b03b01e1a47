import { type LogCursor, parseLogCursor } from './log-cursor.js';
import { parseTimeWindow } from './time-param.js';

/** What a log search asks for, parsed and checked from the query string. */
export interface LogSearch {
  startNs: bigint;
  endNs: bigint;
  service?: string;
  minSeverity: number;
  /** Case-insensitive substring of the body. */
  text?: string;
  /** Attributes that must all be present with these values. */
  attributes: [string, string][];
  traceId?: string;
  spanId?: string;
  limit: number;
  /** Page cursor (`next` of the previous page): only records older than it. */
  before?: LogCursor;
  /** Live tail: only records newer than this cursor, the newest record a client has shown. */
  after?: LogCursor;
}

export class LogSearchError extends Error {
  override name = 'LogSearchError';
}

export const MAX_LOG_LIMIT = 1000;
const DEFAULT_WINDOW_MS = 3_600_000;

/** OTLP severity ranges by name: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24. */
const SEVERITY_NAMES: ReadonlyMap<string, number> = new Map([
  ['TRACE', 1],
  ['DEBUG', 5],
  ['INFO', 9],
  ['WARN', 13],
  ['ERROR', 17],
  ['FATAL', 21],
]);

function cursor(query: URLSearchParams, name: 'before' | 'after'): LogCursor | undefined {
  const raw = query.get(name);
  if (!raw) return undefined;
  const parsed = parseLogCursor(raw);
  if (!parsed) {
    throw new LogSearchError(
      `${name}=${JSON.stringify(raw)}: expected a cursor of this API (TIME-SEQ, as in "next" or a record's "cursor")`,
    );
  }
  return parsed;
}

function hex(raw: string, digits: number, name: string): string {
  const value = raw.toLowerCase();
  if (!new RegExp(`^[0-9a-f]{${digits}}$`).test(value)) {
    throw new LogSearchError(`${name}=${JSON.stringify(raw)}: expected ${digits} hex digits`);
  }
  return value;
}

/**
 * Reads GET /api/logs parameters: start and end (ms or ISO 8601, default the last hour), service,
 * minSeverity (1-24 or TRACE..FATAL), text, attr.KEY=VALUE (repeatable), traceId, spanId, limit
 * (default 100, at most 1000), before (the `next` cursor of the previous page) and after (the
 * cursor of the newest record a live tail has shown: only newer ones come). A bare time in ns,
 * the cursor of earlier versions, still reads as "older than" or "newer than" that time.
 */
export function parseLogSearch(query: URLSearchParams, nowMs: number = Date.now()): LogSearch {
  const window = parseTimeWindow(query, DEFAULT_WINDOW_MS, nowMs);
  if (typeof window === 'string') throw new LogSearchError(window);

  let minSeverity = 0;
  const severity = query.get('minSeverity');
  if (severity) {
    const named = SEVERITY_NAMES.get(severity.toUpperCase());
    const number = Number(severity);
    minSeverity = named ?? (Number.isInteger(number) && number >= 0 && number <= 24 ? number : -1);
    if (minSeverity < 0) {
      throw new LogSearchError(
        `minSeverity=${JSON.stringify(severity)}: expected 0-24 or one of ${[...SEVERITY_NAMES.keys()].join(', ')}`,
      );
    }
  }

  const limitText = query.get('limit') ?? '100';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LOG_LIMIT) {
    throw new LogSearchError(`limit=${JSON.stringify(limitText)}: expected 1 to ${MAX_LOG_LIMIT}`);
  }

  const attributes: [string, string][] = [];
  for (const [key, value] of query) {
    if (key.startsWith('attr.') && key.length > 5) attributes.push([key.slice(5), value]);
  }
  const traceId = query.get('traceId');
  const spanId = query.get('spanId');
  return {
    ...window,
    service: query.get('service') || undefined,
    minSeverity,
    text: query.get('text') || undefined,
    attributes,
    traceId: traceId ? hex(traceId, 32, 'traceId') : undefined,
    spanId: spanId ? hex(spanId, 16, 'spanId') : undefined,
    limit,
    before: cursor(query, 'before'),
    after: cursor(query, 'after'),
  };
}
