const MAX_NS = 2n ** 63n - 1n;

/**
 * A time parameter as milliseconds since 1970 or ISO 8601, in nanoseconds; undefined when it is
 * neither, or outside what a BIGINT of nanoseconds holds (1677 to 2262), for the caller to report
 * with its own error type.
 */
export function parseTimeParam(raw: string): bigint | undefined {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) return undefined;
  const ns = BigInt(Math.trunc(ms)) * 1_000_000n;
  return ns > MAX_NS || ns < -MAX_NS ? undefined : ns;
}

export interface TimeWindow {
  startNs: bigint;
  endNs: bigint;
}

/**
 * `start` and `end` of the native APIs (ms since 1970 or ISO 8601): `end` defaults to now and
 * `start` to `defaultMs` before `end`. The window, or what is wrong with it as a message.
 */
export function parseTimeWindow(
  query: URLSearchParams,
  defaultMs: number,
  nowMs: number,
): TimeWindow | string {
  const time = (name: string, fallback: bigint): bigint | string => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    return (
      parseTimeParam(raw) ??
      `${name}=${JSON.stringify(raw)}: expected milliseconds since 1970 or an ISO 8601 time`
    );
  };
  const endNs = time('end', BigInt(Math.trunc(nowMs)) * 1_000_000n);
  if (typeof endNs === 'string') return endNs;
  const startNs = time('start', endNs - BigInt(defaultMs) * 1_000_000n);
  if (typeof startNs === 'string') return startNs;
  if (startNs > endNs) return 'start is after end';
  return { startNs, endNs };
}
