import { parseTimeParam } from './time-param.js';

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
  /** Page cursor: only records older than this time (ns). */
  beforeNs?: bigint;
  /** Live tail: only records newer than this time (ns), the newest a client has shown. */
  afterNs?: bigint;
}

export class LogSearchError extends Error {
  override name = 'LogSearchError';
}

export const MAX_LOG_LIMIT = 1000;
const DEFAULT_WINDOW_MS = 3_600_000;

/** OTLP severity ranges by name: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24. */
const SEVERITY_NAMES: Record<string, number> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  WARN: 13,
  ERROR: 17,
  FATAL: 21,
};

function time(raw: string, name: string): bigint {
  const ns = parseTimeParam(raw);
  if (ns === undefined) {
    throw new LogSearchError(
      `${name}=${JSON.stringify(raw)}: expected milliseconds since 1970 or an ISO 8601 time`,
    );
  }
  return ns;
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
 * (default 100, at most 1000), before (the cursor of the previous page) and after (the time, in
 * ns, of the newest record a live tail has shown: only newer ones come).
 */
export function parseLogSearch(query: URLSearchParams, nowMs: number = Date.now()): LogSearch {
  const end = query.get('end');
  const start = query.get('start');
  const endNs = end ? time(end, 'end') : BigInt(nowMs) * 1_000_000n;
  const startNs = start ? time(start, 'start') : endNs - BigInt(DEFAULT_WINDOW_MS) * 1_000_000n;
  if (startNs > endNs) throw new LogSearchError('start is after end');

  let minSeverity = 0;
  const severity = query.get('minSeverity');
  if (severity) {
    const named = SEVERITY_NAMES[severity.toUpperCase()];
    const number = Number(severity);
    minSeverity = named ?? (Number.isInteger(number) && number >= 0 && number <= 24 ? number : -1);
    if (minSeverity < 0) {
      throw new LogSearchError(
        `minSeverity=${JSON.stringify(severity)}: expected 0-24 or one of ${Object.keys(SEVERITY_NAMES).join(', ')}`,
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
  const before = query.get('before');
  if (before && !/^\d+$/.test(before)) {
    throw new LogSearchError(
      `before=${JSON.stringify(before)}: expected the cursor of a previous page`,
    );
  }
  const after = query.get('after');
  if (after && !/^\d+$/.test(after)) {
    throw new LogSearchError(
      `after=${JSON.stringify(after)}: expected the time in ns of the newest record shown`,
    );
  }
  const traceId = query.get('traceId');
  const spanId = query.get('spanId');
  return {
    startNs,
    endNs,
    service: query.get('service') || undefined,
    minSeverity,
    text: query.get('text') || undefined,
    attributes,
    traceId: traceId ? hex(traceId, 32, 'traceId') : undefined,
    spanId: spanId ? hex(spanId, 16, 'spanId') : undefined,
    limit,
    beforeNs: before ? BigInt(before) : undefined,
    afterNs: after ? BigInt(after) : undefined,
  };
}
