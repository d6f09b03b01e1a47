/**
 * When a group evaluates, as Prometheus's group.go EvalTimestamp places it: on multiples of its
 * interval shifted by an offset that a hash of the group's name and file fixes, so one group
 * always runs at the same phase and many groups spread over the interval. The hash is the
 * xxhash64 Prometheus's labels.Hash computes over {file, name}; the offset is in nanoseconds.
 */

// xxhash-wasm is an ES module; this package is CommonJS, so it loads through import().
const hasher = import('xxhash-wasm').then((m) => m.default());

/** Prometheus's labels.Hash of {file="…", name="…"}: xxhash64 of name\xffvalue\xff per label. */
export async function groupHash(file: string, name: string): Promise<bigint> {
  const { h64Raw } = await hasher;
  const sep = [0xff];
  const bytes = (s: string) => [...Buffer.from(s, 'utf8')];
  const input = [
    ...bytes('file'),
    ...sep,
    ...bytes(file),
    ...sep,
    ...bytes('name'),
    ...sep,
    ...bytes(name),
    ...sep,
  ];
  return h64Raw(Uint8Array.from(input));
}

/** The group's phase within its interval (ns), as `hash % interval`. */
export function slotOffsetNs(hash: bigint, intervalMs: number): bigint {
  return hash % (BigInt(intervalMs) * 1_000_000n);
}

/**
 * The latest slot at or before `nowMs` (ms, truncated as Prometheus truncates a time to ms):
 * `now − offset`, rounded down to the interval, plus the offset.
 */
export function evalTimestamp(nowMs: number, intervalMs: number, offsetNs: bigint): number {
  const interval = BigInt(intervalMs) * 1_000_000n;
  const adjusted = BigInt(Math.floor(nowMs)) * 1_000_000n - offsetNs;
  // Go's % keeps the dividend's sign; so does BigInt's.
  const next = adjusted - (adjusted % interval) + offsetNs;
  return Number(next / 1_000_000n);
}
