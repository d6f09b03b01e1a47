import type { Clock } from './clock.js';

export interface ClosedLoopOptions {
  /** Loops side by side, each with one round in progress at a time. */
  loops: number;
  /** Wait after each round, as the lab's `sleep 0.5`. */
  pauseMs: number;
  limit: { iterations: number } | { durationMs: number };
  clock: Clock;
  /** No new rounds once aborted (a round also checks it between its requests). */
  stop: AbortSignal;
  /** Sends round `index`'s requests one after another. Must not reject. */
  round(index: number): Promise<void>;
}

/** The lab's loop: a round of requests, a pause, again, until the limit or a stop. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<{ rounds: number }> {
  const { clock, stop, limit } = options;
  const start = clock.now();
  let next = 0;
  const remainingMs = () =>
    'durationMs' in limit ? limit.durationMs - (clock.now() - start) : Number.POSITIVE_INFINITY;
  const more = () =>
    !stop.aborted && ('iterations' in limit ? next < limit.iterations : remainingMs() > 0);

  async function loop() {
    while (more()) {
      await options.round(next++);
      // No pause after the last round, nor one past the end of the duration.
      if (!more()) break;
      await clock.sleep(Math.min(options.pauseMs, remainingMs()), stop);
    }
  }
  await Promise.all(Array.from({ length: options.loops }, loop));
  return { rounds: next };
}
