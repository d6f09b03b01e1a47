/**
 * One group on its own timer, as Prometheus's group.go run loop drives it: the first evaluation
 * at the group's next slot, then one per interval; slots that pass while an evaluation runs are
 * skipped and counted, never queued. After a start, the second evaluation restores the alerts'
 * `for` state (by then recording rules have written fresh values the alerts may read).
 */
import type { Storage } from '@otel-lab/promql';
import { evalTimestamp } from './eval-slots';
import type { GroupEvaluator } from './group-evaluator';
import { type RestoreOptions, restoreForState } from './restore-for-state';
import type { RuleMetrics } from './rule-metrics';

/** setTimeout and clearTimeout, replaceable in tests. Real timers are unref'd. */
export interface Timers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface GroupRunnerDeps {
  readonly now: () => number;
  readonly timers: Timers;
  readonly storage: Storage;
  readonly restore: RestoreOptions;
  readonly metrics?: RuleMetrics;
}

export interface GroupRunner {
  readonly evaluator: GroupEvaluator;
  /** "file;name", Prometheus's rule_group label. */
  readonly key: string;
  start(): void;
  /** Stops the timer and waits for a running evaluation to end. */
  stop(): Promise<void>;
}

export function createGroupRunner(
  evaluator: GroupEvaluator,
  offsetNs: bigint,
  shouldRestore: boolean,
  deps: GroupRunnerDeps,
): GroupRunner {
  const { group, intervalMs } = evaluator;
  const key = `${group.file};${group.name}`;
  let stopped = false;
  let timer: unknown;
  let running: Promise<void> | undefined;
  let slot = 0;
  let iterations = 0;

  const schedule = (at: number) => {
    timer = deps.timers.set(
      () => {
        timer = undefined;
        // An evaluation records its own failures; nothing it throws may stop the group's timer.
        running = tick()
          .catch(() => undefined)
          .finally(() => {
            running = undefined;
            if (!stopped) schedule(slot + intervalMs);
          });
      },
      Math.max(0, at - deps.now()),
    );
  };

  async function tick(): Promise<void> {
    if (stopped) return;
    if (iterations > 0) {
      const missed = Math.floor((deps.now() - slot) / intervalMs) - 1;
      if (missed > 0) deps.metrics?.missed(key, missed);
      slot += (Math.max(missed, 0) + 1) * intervalMs;
    }
    const startedAtMs = deps.now();
    const started = performance.now();
    const summary = await evaluator.evaluate(slot);
    deps.metrics?.evaluated(key, {
      startedAtMs,
      durationMs: performance.now() - started,
      ...summary,
    });
    iterations++;
    if (iterations === 2 && shouldRestore) {
      const at = deps.now();
      for (const s of evaluator.slots) {
        if (s.alerting !== undefined)
          await restoreForState(s.alerting, deps.storage, at, deps.restore);
      }
    }
  }

  return {
    evaluator,
    key,
    start() {
      if (stopped || timer !== undefined || iterations > 0) return;
      slot = evalTimestamp(deps.now(), intervalMs, offsetNs) + intervalMs;
      schedule(slot);
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) deps.timers.clear(timer);
      timer = undefined;
      await running;
    },
  };
}
