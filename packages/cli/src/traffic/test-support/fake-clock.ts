import type { Clock } from '../clock.js';

interface Timer {
  at: number;
  order: number;
  resolve(): void;
}

/**
 * A clock whose time only moves when `run` finds nothing else to do: it lets every pending
 * promise settle, then jumps to the earliest timer. Schedules play out exactly, in no real time.
 */
export function createFakeClock() {
  let time = 0;
  let order = 0;
  const timers: Timer[] = [];

  const clock: Clock = {
    now: () => time,
    sleep(ms, signal) {
      if (ms <= 0 || signal?.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const timer: Timer = { at: time + ms, order: order++, resolve };
        timers.push(timer);
        signal?.addEventListener(
          'abort',
          () => {
            // Only if it has not fired yet.
            const index = timers.indexOf(timer);
            if (index >= 0) timers.splice(index, 1);
            resolve();
          },
          { once: true },
        );
      });
    },
  };

  async function run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return work;
      timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = timers.shift();
      if (!next) throw new Error('the work waits for nothing the clock has scheduled');
      time = next.at;
      next.resolve();
    }
  }

  return { clock, run };
}
