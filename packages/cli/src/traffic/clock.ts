import { setTimeout as delay } from 'node:timers/promises';

/** Time for the schedulers, replaceable by a fake one in tests. */
export interface Clock {
  /** Milliseconds from an arbitrary origin, monotonic. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    ms <= 0 || signal?.aborted
      ? Promise.resolve()
      : delay(ms, undefined, { signal }).catch(() => undefined),
};
