/**
 * bench:rules' side of the embedded backend: the store the OpenMetrics import filled, opened in
 * this process, and the rule group run by the backend's rule manager over the series source the
 * Prometheus API queries, writing its output to the store as the backend does. The manager's
 * timers and clock are the bench's, so each evaluation runs when asked (after Prometheus's), at
 * the slot the manager computes, which is Prometheus's (the same file, name and interval give
 * the same phase; checked at every evaluation). Durations are read from the manager's own
 * prometheus_rule_group_last_duration_seconds, as Prometheus's are.
 */
import { readFileSync } from 'node:fs';
import {
  createRuleManager,
  createSeriesSource,
  openTelemetryStore,
  parseRuleFile,
  type Rule,
  type SampleBatch,
} from '@otel-lab/backend';
import { instantQuery, labelsToRecord } from '@otel-lab/promql';
import { Registry } from 'prom-client';
import { type GroupEvaluation, lastGroupEvaluation } from './rule-group-gauges.js';
import {
  ALERTS_QUERY,
  addRuleTimes,
  alertCounts,
  type CountVector,
  evaluationTimeQuery,
  RECORDED_SERIES_QUERY,
  type RuleRun,
} from './rule-run.js';

export interface OurRuleOptions {
  /** The data directory the import filled. */
  dataDir: string;
  ruleFile: string;
  intervalMs: number;
  /** A series the group's first rule records: its timestamp is an evaluation's slot. */
  firstRecord: string;
}

export interface OurRules {
  /**
   * Runs the group's next evaluation with the clock at `slotMs` (Prometheus's slot; by default
   * the manager's next one) and checks it evaluated at that slot. A measured one is kept.
   */
  evaluate(measured: boolean, slotMs?: number): Promise<GroupEvaluation>;
  /** The run so far, with what the last evaluation wrote; closes the store. */
  finish(): Promise<RuleRun>;
}

const nameOf = (rule: Rule) => (rule.kind === 'recording' ? rule.record : rule.alert);

export async function openOurRules(options: OurRuleOptions): Promise<OurRules> {
  const parsed = parseRuleFile(options.ruleFile, readFileSync(options.ruleFile, 'utf8'));
  const group = parsed.groups[0];
  if (!group) throw new Error(`${options.ruleFile}: ${parsed.errors[0]?.message ?? 'no group'}`);
  const store = await openTelemetryStore({ dataDir: options.dataDir });
  const storage = createSeriesSource(store.readers, store.metrics.series, {
    recent: store.metrics.recent,
  });
  // The sink the backend hands the manager, timed: how much of an evaluation is writing.
  let writing = 0;
  let writes = 0;
  const sink = {
    append: async (batch: SampleBatch) => {
      writes++;
      const started = performance.now();
      try {
        await store.writeSamples(batch);
      } finally {
        writing += performance.now() - started;
      }
    },
  };
  // The manager's clock and its one timer: it sets the timer for its next slot after each
  // evaluation, which is how the bench knows an evaluation (and its metrics) ended.
  let nowMs = 0;
  let due: { callback: () => void; atMs: number } | undefined;
  let rescheduled: (() => void) | undefined;
  const registry = new Registry();
  const manager = createRuleManager({
    storage,
    sink,
    defaultIntervalMs: options.intervalMs,
    registry,
    now: () => nowMs,
    timers: {
      set(callback, delayMs) {
        due = { callback, atMs: nowMs + delayMs };
        rescheduled?.();
        return due;
      },
      clear(handle) {
        if (handle === due) due = undefined;
      },
    },
  });
  await manager.update([group]);

  async function count(text: string, timeMs: number): Promise<CountVector> {
    const result = await instantQuery(storage, text, timeMs);
    if (result.resultType !== 'vector') throw new Error(`${text}: not a vector`);
    return result.result.map((s) => ({ labels: labelsToRecord(s.metric), value: s.v }));
  }

  const evaluations: GroupEvaluation[] = [];
  const writeMs: number[] = [];
  const ruleMs = new Map<string, number[]>();
  let lastSlot = 0;
  let started = false;
  return {
    async evaluate(measured, slotMs) {
      if (!started) {
        // The manager's first slot is the first after its start: start it just before this one.
        nowMs = (slotMs ?? Date.now()) - 1;
        manager.start();
        started = true;
      }
      if (!due) throw new Error('the rule manager has no evaluation scheduled');
      const { callback, atMs } = due;
      nowMs = slotMs ?? atMs;
      writing = 0;
      writes = 0;
      const ended = new Promise<void>((resolve) => {
        rescheduled = resolve;
      });
      due = undefined;
      callback();
      await ended;
      const evaluation = lastGroupEvaluation(await registry.metrics(), group.name);
      if (!evaluation) throw new Error('the rule manager reported no evaluation');
      lastSlot =
        ((await count(evaluationTimeQuery(options.firstRecord), nowMs))[0]?.value ?? 0) * 1000;
      if (slotMs !== undefined && Math.round(lastSlot) !== slotMs) {
        throw new Error(
          `our rule manager evaluated at ${new Date(lastSlot).toISOString()}, Prometheus at ${new Date(slotMs).toISOString()}: their phases differ`,
        );
      }
      if (measured) {
        evaluations.push(evaluation);
        writeMs.push(writing);
        addRuleTimes(
          ruleMs,
          (manager.view.groups()[0]?.rules ?? []).map((rule) => ({
            name: nameOf(rule.rule),
            ms: rule.evaluationTimeMs,
          })),
        );
      }
      return evaluation;
    },
    async finish() {
      try {
        await manager.stop();
        return {
          evaluations,
          writeMs,
          writes,
          ruleMs,
          recordedSeries: (await count(RECORDED_SERIES_QUERY, lastSlot))[0]?.value ?? 0,
          ...alertCounts(await count(ALERTS_QUERY, lastSlot)),
          failures: (manager.view.groups()[0]?.rules ?? [])
            .filter((rule) => rule.health === 'err')
            .map((rule) => `${nameOf(rule.rule)}: ${rule.lastError}`),
        };
      } finally {
        store.close();
      }
    },
  };
}
