import { setTimeout as sleep } from 'node:timers/promises';

export interface Latency {
  /** Waits a uniform random time in [minMs, maxMs], scaled; returns the milliseconds waited. */
  pause(minMs: number, maxMs: number): Promise<number>;
}

/** The lab's simulated work. A scale of 0 (tests, benchmarks) skips every wait. */
export function createLatency(scale: number, random: () => number = Math.random): Latency {
  return {
    async pause(minMs, maxMs) {
      if (scale === 0) return 0;
      const ms = (minMs + random() * (maxMs - minMs)) * scale;
      await sleep(ms);
      return ms;
    },
  };
}
