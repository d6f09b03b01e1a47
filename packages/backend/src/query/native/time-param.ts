/**
 * A time parameter as milliseconds since 1970 or ISO 8601, in nanoseconds; undefined when it is
 * neither, for the caller to report with its own error type.
 */
export function parseTimeParam(raw: string): bigint | undefined {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isFinite(ms) ? BigInt(Math.trunc(ms)) * 1_000_000n : undefined;
}
