import type { LogRecordView } from '../jaeger-types.js';

/** Severity numbers in OTLP's six ranges of four (1–4 TRACE … 21–24 FATAL). */
export const SEVERITIES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** The severity's family name: the record's own text when it has one, else from the number. */
export function severityName(number: number, text = ''): string {
  if (text) return text.toUpperCase();
  if (!Number.isFinite(number) || number < 1 || number > 24) return 'UNSET';
  return SEVERITIES[Math.floor((number - 1) / 4)] as string;
}

/** The CSS class that colours a severity: by the number's range, or by the text when no number. */
export function severityClass(number: number, text = ''): string {
  const family =
    number >= 1 && number <= 24
      ? (SEVERITIES[Math.floor((number - 1) / 4)] as string)
      : severityName(0, text).replace(/^(WARNING)$/, 'WARN');
  const known = (SEVERITIES as readonly string[]).includes(family) ? family : 'unset';
  return `sev-${known.toLowerCase()}`;
}

/** A line's identity for de-duplication: its cursor, unique per record. */
export const lineKey = (log: LogRecordView) => log.cursor;

/** A cursor "TIME-SEQ" as numbers, for ordering; an unreadable one sorts oldest. */
function cursorParts(cursor: string): [bigint, bigint] {
  const match = /^(\d+)-(\d+)$/.exec(cursor);
  return match ? [BigInt(match[1] as string), BigInt(match[2] as string)] : [-1n, -1n];
}

/** Newest first by (time, seq), as the API orders records. */
function compareCursors(a: string, b: string): number {
  const [ta, sa] = cursorParts(a);
  const [tb, sb] = cursorParts(b);
  if (ta !== tb) return ta > tb ? -1 : 1;
  return sa === sb ? 0 : sa > sb ? -1 : 1;
}

const newestFirst = (a: LogRecordView, b: LogRecordView) => compareCursors(a.cursor, b.cursor);

/**
 * Lines shown, newest first, with `incoming` merged in: duplicates (a poll repeating the newest
 * line, a page overlapping the last) are dropped, and at most `max` of the newest are kept.
 */
export function mergeLines(
  shown: readonly LogRecordView[],
  incoming: readonly LogRecordView[],
  max = Number.POSITIVE_INFINITY,
): LogRecordView[] {
  const seen = new Set<string>();
  const merged: LogRecordView[] = [];
  for (const log of [...incoming, ...shown]) {
    const key = lineKey(log);
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(log);
  }
  merged.sort(newestFirst);
  return merged.length > max ? merged.slice(0, max) : merged;
}

/** The cursor of the newest line, for the tail's `after=`; '' when none. */
export function newestCursor(lines: readonly LogRecordView[]): string {
  let newest = '';
  for (const log of lines) {
    if (newest === '' || compareCursors(log.cursor, newest) < 0) newest = log.cursor;
  }
  return newest;
}

/** The link that opens a line's trace, at its span when it has one; null without a trace id. */
export function traceLink(log: Pick<LogRecordView, 'traceId' | 'spanId'>): string | null {
  if (!log.traceId || /^0+$/.test(log.traceId)) return null;
  const span =
    log.spanId && !/^0+$/.test(log.spanId) ? `?span=${encodeURIComponent(log.spanId)}` : '';
  return `/trace/${encodeURIComponent(log.traceId)}${span}`;
}

/** OTLP/JSON attributes ([{key, value}]) as [key, value] pairs, whatever else comes. */
export function attributePairs(attributes: unknown): { key: string; value: unknown }[] {
  if (!Array.isArray(attributes)) return [];
  return attributes.filter(
    (kv): kv is { key: string; value: unknown } =>
      kv !== null && typeof kv === 'object' && typeof (kv as { key?: unknown }).key === 'string',
  );
}
