/**
 * All scrape loops of a configuration: started together, reloaded by target identity (kept
 * targets keep their series memory, removed ones write staleness markers), stopped together.
 */
import type { ScrapeConfig } from './scrape-config.js';
import {
  createScrapeLoop,
  type ScrapeLoop,
  type ScrapeLoopOptions,
  type TargetHealth,
} from './scrape-loop.js';
import { scrapeTargetsOf } from './scrape-target.js';

export interface ScrapeManager {
  start(): void;
  /** Applies a new configuration; resolves once removed targets are stopped and marked stale. */
  reload(config: ScrapeConfig): Promise<void>;
  /** Stops every loop and awaits in-flight scrapes; no timers remain. */
  stop(): Promise<void>;
  /** Every target's health, in configuration order, shaped for /api/v1/targets. */
  targets(): TargetHealth[];
}

export function createScrapeManager(
  config: ScrapeConfig,
  options: ScrapeLoopOptions,
): ScrapeManager {
  let loops = new Map<string, ScrapeLoop>();
  let started = false;
  let stopped = false;

  function build(next: ScrapeConfig): Map<string, ScrapeLoop> {
    const built = new Map<string, ScrapeLoop>();
    for (const target of scrapeTargetsOf(next)) {
      built.set(target.key, loops.get(target.key) ?? createScrapeLoop(target, options));
    }
    return built;
  }

  loops = build(config);

  return {
    start() {
      if (started || stopped) return;
      started = true;
      for (const loop of loops.values()) loop.start();
    },
    async reload(next) {
      if (stopped) return;
      const previous = loops;
      loops = build(next);
      const removed = [...previous].filter(([key]) => !loops.has(key)).map(([, loop]) => loop);
      if (started) for (const loop of loops.values()) loop.start(); // no-op for running ones
      await Promise.all(removed.map((loop) => loop.stop({ staleMarkers: true })));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([...loops.values()].map((loop) => loop.stop()));
    },
    targets: () => [...loops.values()].map((loop) => loop.health()),
  };
}
