/**
 * Prometheus's duration syntax (prometheus/common model.ParseDuration): units from largest to
 * smallest, each at most once, whole numbers only (`1m30s`, `5m`, `1d`, `250ms`), or a bare `0`.
 */
const PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
/** Go's time.Duration is int64 nanoseconds: longer durations overflow there. */
const MAX_MS = 9_223_372_036_854;

/** Milliseconds, or an Error whose message is Prometheus's. */
export function parsePrometheusDuration(text: string): number | Error {
  if (text === '') return new Error('empty duration string');
  if (text === '0') return 0;
  const match = PATTERN.exec(text);
  if (!match) return new Error(`not a valid duration string: "${text}"`);
  let ms = 0;
  for (let u = 0; u < UNIT_MS.length; u++) {
    const digits = match[u + 1];
    if (digits !== undefined) ms += Number(digits) * (UNIT_MS[u] as number);
  }
  if (ms > MAX_MS) return new Error(`duration out of range: "${text}"`);
  return ms;
}
