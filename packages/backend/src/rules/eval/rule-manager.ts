/**
 * The rule groups that run, as Prometheus's rules/manager.go keeps them: each on its own timer,
 * replaced group by group on a reload (an unchanged group keeps running untouched, a changed one
 * takes over its predecessor's alerts, a removed one marks its series stale), its state shown
 * through `view`.
 */
import type { Registry } from 'prom-client';
import { compareCodeUnits } from '../../metrics/sample';
import type { RuleGroup } from '../rule-types';
import { groupHash, slotOffsetNs } from './eval-slots';
import { createGroupEvaluator, type GroupEvaluatorOptions } from './group-evaluator';
import { createGroupRunner, type GroupRunner, realTimers, type Timers } from './group-runner';
import { DEFAULT_RESTORE_OPTIONS, type RestoreOptions } from './restore-for-state';
import { createRuleMetrics } from './rule-metrics';
import type { RulesView } from './rule-state';

export interface RuleManagerOptions extends Omit<GroupEvaluatorOptions, 'restored'> {
  /** Where the prometheus_rule_* metrics go; none when absent. */
  readonly registry?: Registry;
  /** Timers for the groups' schedules; real, unref'd ones by default. */
  readonly timers?: Timers;
  /** --rules.alert.for-outage-tolerance and --rules.alert.for-grace-period (1h, 10m). */
  readonly restore?: RestoreOptions;
}

export interface RuleManager {
  /**
   * Replaces the running groups with `groups`. Compiles all of them first: if any fails to
   * compile, it throws and the old groups keep running.
   */
  update(groups: readonly RuleGroup[]): Promise<void>;
  /** Starts every group's timer (and those `update` adds later). */
  start(): void;
  /** Stops every group, waiting for running evaluations. */
  stop(): Promise<void>;
  readonly view: RulesView;
}

export function createRuleManager(options: RuleManagerOptions): RuleManager {
  const now = options.now ?? Date.now;
  const timers = options.timers ?? realTimers;
  const metrics = options.registry && createRuleMetrics(options.registry);
  const deps = {
    now,
    timers,
    storage: options.storage,
    restore: options.restore ?? DEFAULT_RESTORE_OPTIONS,
    ...(metrics ? { metrics } : {}),
  };
  let runners = new Map<string, GroupRunner>();
  /** Groups a reload removed, waiting two intervals before their stale markers. */
  const leaving = new Set<unknown>();
  let started = false;
  let stopped = false;
  let loaded = false;
  /** Reloads run one after another. */
  let updates: Promise<void> = Promise.resolve();

  /** A removed group's series go stale after two intervals, giving a renamed rule time to write. */
  function retire(runner: GroupRunner) {
    metrics?.removed(runner.key);
    // Stamped when the group stopped, written later, as Prometheus does.
    const stoppedAt = now();
    const handle = timers.set(() => {
      leaving.delete(handle);
      void runner.evaluator.markStale(stoppedAt).catch(() => undefined);
    }, 2 * runner.evaluator.intervalMs);
    leaving.add(handle);
  }

  async function replaceGroups(groups: readonly RuleGroup[]): Promise<void> {
    if (stopped) return;
    // Only the first load restores `for` state; groups added by reloads start fresh.
    const shouldRestore = !loaded;
    const fresh = groups.map((group) => ({
      group,
      evaluator: createGroupEvaluator(group, { ...options, now, restored: !shouldRestore }),
    }));
    loaded = true;
    const next = new Map<string, GroupRunner>();
    for (const { group, evaluator } of fresh) {
      const key = `${group.file};${group.name}`;
      const old = runners.get(key);
      runners.delete(key);
      if (old !== undefined && JSON.stringify(old.evaluator.group) === JSON.stringify(group)) {
        next.set(key, old);
        continue;
      }
      if (old !== undefined) {
        await old.stop();
        evaluator.adoptState(old.evaluator);
        metrics?.removed(key);
      }
      const offset = slotOffsetNs(await groupHash(group.file, group.name), evaluator.intervalMs);
      const runner = createGroupRunner(evaluator, offset, shouldRestore, deps);
      metrics?.added(key, evaluator.intervalMs, group.rules.length);
      next.set(key, runner);
      if (started) runner.start();
    }
    for (const runner of runners.values()) {
      await runner.stop();
      retire(runner);
    }
    runners = next;
  }

  return {
    update(groups) {
      const done = updates.then(() => replaceGroups(groups));
      updates = done.catch(() => undefined);
      return done;
    },
    start() {
      if (started || stopped) return;
      started = true;
      for (const runner of runners.values()) runner.start();
    },
    async stop() {
      stopped = true;
      for (const handle of leaving) timers.clear(handle);
      leaving.clear();
      await Promise.all([...runners.values()].map((r) => r.stop()));
    },
    view: {
      // Sorted by file, then name, as Prometheus lists them.
      groups: () =>
        [...runners.values()]
          .map((r) => r.evaluator.status())
          .sort((a, b) => compareCodeUnits(a.file, b.file) || compareCodeUnits(a.name, b.name)),
    },
  };
}
