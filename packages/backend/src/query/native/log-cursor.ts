/**
 * Where a page of logs ends or a live tail stands: a record's time (ns) and its seq, unique per
 * record (storage/schema.ts, version 4), written "TIME-SEQ". Records are ordered newest first by
 * (time, seq), so records that share a time are neither dropped nor repeated across pages.
 */
export interface LogCursor {
  timeNs: bigint;
  /**
   * Undefined for a bare time, the cursor of earlier versions: then `before` means older than
   * that time and `after` newer, whatever the seq.
   */
  seq?: bigint;
}

const MAX_BIGINT = 2n ** 63n - 1n;
const CURSOR = /^(\d{1,19})(?:-(\d{1,19}))?$/;

export const formatLogCursor = (timeNs: bigint, seq: bigint): string => `${timeNs}-${seq}`;

/** A cursor from its text; undefined when it is not one (or out of BIGINT range). */
export function parseLogCursor(text: string): LogCursor | undefined {
  const match = CURSOR.exec(text);
  if (!match) return undefined;
  const timeNs = BigInt(match[1] as string);
  const seq = match[2] === undefined ? undefined : BigInt(match[2]);
  if (timeNs > MAX_BIGINT || (seq ?? 0n) > MAX_BIGINT) return undefined;
  return seq === undefined ? { timeNs } : { timeNs, seq };
}

/**
 * The SQL condition for records strictly older ('before') or newer ('after') than the cursor,
 * over the time expression `time`; values are bound through `bind`.
 */
export function cursorCondition(
  time: string,
  cursor: LogCursor,
  side: 'before' | 'after',
  bind: (value: bigint) => string,
): string {
  const op = side === 'before' ? '<' : '>';
  const at = bind(cursor.timeNs);
  if (cursor.seq === undefined) return `${time} ${op} ${at}`;
  return `(${time} ${op} ${at} OR (${time} = ${at} AND seq ${op} ${bind(cursor.seq)}))`;
}
