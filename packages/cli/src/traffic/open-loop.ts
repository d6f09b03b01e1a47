import type { Clock } from './clock.js';

export interface OpenLoopOptions {
  /** Requests per second. */
  rate: number;
  /** Most requests in flight. */
  concurrency: number;
  limit: { requests: number } | { durationMs: number };
  clock: Clock;
  /** No new requests once aborted; those in flight are still awaited. */
  stop: AbortSignal;
  /** Sends request `index`, due at `scheduledAt` (clock time). Must not reject. */
  fire(index: number, scheduledAt: number): Promise<void>;
  /** A request found `concurrency` requests in flight when it was due, and waited. */
  onLateStart(): void;
}

/**
 * Starts request i at start + i / rate, whether or not earlier requests have answered, so a slow
 * server cannot slow the load down and hide its own latency (coordinated omission). Only the
 * concurrency bound can hold a request back: it then starts as soon as a slot frees, is counted
 * as a late start, and its latency still counts from its scheduled time.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<{ started: number }> {
  const { clock, stop, limit, concurrency } = options;
  const start = clock.now();
  const inFlight = new Set<Promise<void>>();
  // The loop is the only one waiting for a slot, so one resolver is enough.
  let slotFreed: (() => void) | undefined;
  const wake = () => slotFreed?.();
  stop.addEventListener('abort', wake, { once: true });

  let index = 0;
  try {
    for (; !stop.aborted; index += 1) {
      // Multiply before dividing: whole rates then give exact offsets (3/s: 0, 333.3…, 1000 → stop).
      const offset = (index * 1000) / options.rate;
      if ('requests' in limit ? index >= limit.requests : offset >= limit.durationMs) break;
      await clock.sleep(start + offset - clock.now(), stop);
      if (stop.aborted) break;
      if (inFlight.size >= concurrency) {
        options.onLateStart();
        await new Promise<void>((resolve) => {
          slotFreed = resolve;
        });
        slotFreed = undefined;
        if (stop.aborted) break;
      }
      const request: Promise<void> = options.fire(index, start + offset).then(() => {
        inFlight.delete(request);
        wake();
      });
      inFlight.add(request);
    }
  } finally {
    stop.removeEventListener('abort', wake);
  }
  await Promise.all(inFlight);
  return { started: index };
}
