/**
 * A lower scheduling priority for the calling thread. On Linux each thread has its own nice
 * value, set through its thread id; a query worker 10 steps nicer than the rest gets about a
 * tenth of a core's share against them, so on a busy machine the threads that take in telemetry
 * go first and queries wait, and on an idle one queries run at full speed. Elsewhere (no
 * /proc/thread-self) nothing changes.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Makes the calling thread `by` steps nicer (at most 19); false where that is not possible. */
export function lowerThreadPriority(by: number): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.min(19, getPriority(tid) + by));
    return true;
  } catch {
    return false;
  }
}
