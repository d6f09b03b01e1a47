/**
 * bench:rules' side of the embedded backend: the store the OpenMetrics import filled, opened in
 * this process, and the rule group evaluated by the backend's group evaluator over the series
 * source the Prometheus API queries, writing its output to the store as the backend does, at the
 * times Prometheus evaluated it. A duration is the group's evaluationTimeMs, what the backend
 * reports as prometheus_rule_group_last_duration_seconds.
 */
import { readFileSync } from 'node:fs';
import {
  createGroupEvaluator,
  createSeriesSource,
  openTelemetryStore,
  parseRuleFile,
  type Rule,
  type SampleBatch,
} from '@otel-lab/backend';
import { instantQuery, labelsToRecord } from '@otel-lab/promql';
import type { GroupEvaluation } from './rule-group-gauges.js';
import {
  ALERTS_QUERY,
  addRuleTimes,
  alertCounts,
  type CountVector,
  RECORDED_SERIES_QUERY,
  type RuleRun,
} from './rule-run.js';

export interface OurRuleOptions {
  /** The data directory the import filled. */
  dataDir: string;
  ruleFile: string;
  intervalMs: number;
  /** When to evaluate (ms); the first `skip` are not measured. */
  times: readonly number[];
  skip: number;
  /** Runs around the measured evaluations only (a CPU profile). */
  around?: <T>(measured: () => Promise<T>) => Promise<T>;
  onEvaluation?: (evaluation: GroupEvaluation, collected: number) => void;
}

const nameOf = (rule: Rule) => (rule.kind === 'recording' ? rule.record : rule.alert);

export async function runOurRules(options: OurRuleOptions): Promise<RuleRun> {
  const parsed = parseRuleFile(options.ruleFile, readFileSync(options.ruleFile, 'utf8'));
  const group = parsed.groups[0];
  if (!group) throw new Error(`${options.ruleFile}: ${parsed.errors[0]?.message ?? 'no group'}`);
  const store = await openTelemetryStore({ dataDir: options.dataDir });
  try {
    const storage = createSeriesSource(store.readers, store.metrics.series, {
      recent: store.metrics.recent,
    });
    // The sink the backend hands the evaluator, timed: how much of an evaluation is writing.
    let writing = 0;
    const sink = {
      append: async (batch: SampleBatch) => {
        const started = performance.now();
        try {
          await store.writeSamples(batch);
        } finally {
          writing += performance.now() - started;
        }
      },
    };
    const evaluator = createGroupEvaluator(group, {
      storage,
      sink,
      defaultIntervalMs: options.intervalMs,
    });
    const evaluations: GroupEvaluation[] = [];
    const writeMs: number[] = [];
    const ruleMs = new Map<string, number[]>();
    const evaluate = async (timeMs: number, measured: boolean) => {
      writing = 0;
      await evaluator.evaluate(timeMs);
      const status = evaluator.status();
      const evaluation = { timeMs, seconds: status.evaluationTimeMs / 1000 };
      if (measured) {
        evaluations.push(evaluation);
        writeMs.push(writing);
        addRuleTimes(
          ruleMs,
          status.rules.map((rule) => ({
            name: nameOf(rule.rule),
            ms: rule.evaluationTimeMs,
          })),
        );
      }
      options.onEvaluation?.(evaluation, evaluations.length);
    };
    for (const time of options.times.slice(0, options.skip)) await evaluate(time, false);
    const measured = async () => {
      for (const time of options.times.slice(options.skip)) await evaluate(time, true);
    };
    await (options.around ? options.around(measured) : measured());

    const last = options.times.at(-1) as number;
    const query = async (text: string): Promise<CountVector> => {
      const result = await instantQuery(storage, text, last);
      if (result.resultType !== 'vector') throw new Error(`${text}: not a vector`);
      return result.result.map((s) => {
        const alertstate = labelsToRecord(s.metric).alertstate;
        return { ...(alertstate === undefined ? {} : { alertstate }), value: s.v };
      });
    };
    return {
      evaluations,
      writeMs,
      ruleMs,
      recordedSeries: (await query(RECORDED_SERIES_QUERY))[0]?.value ?? 0,
      alerts: alertCounts(await query(ALERTS_QUERY)),
      failures: evaluator
        .status()
        .rules.filter((rule) => rule.health === 'err')
        .map((rule) => `${nameOf(rule.rule)}: ${rule.lastError}`),
    };
  } finally {
    store.close();
  }
}
