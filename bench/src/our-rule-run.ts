/**
 * bench:rules' side of the embedded backend: the store the OpenMetrics import filled, opened in
 * this process, and the rule group evaluated by the backend's group evaluator over the series
 * source the Prometheus API queries, writing its output to the store as the backend does, at the
 * times it is asked to (Prometheus's). A duration is the group's evaluationTimeMs, what the
 * backend reports as prometheus_rule_group_last_duration_seconds.
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
}

export interface OurRules {
  /** Evaluates the group at `timeMs`; a measured evaluation is kept in the run. */
  evaluate(timeMs: number, measured: boolean): Promise<GroupEvaluation>;
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
  // The sink the backend hands the evaluator, timed: how much of an evaluation is writing.
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
  const evaluator = createGroupEvaluator(group, {
    storage,
    sink,
    defaultIntervalMs: options.intervalMs,
  });
  const evaluations: GroupEvaluation[] = [];
  const writeMs: number[] = [];
  const ruleMs = new Map<string, number[]>();

  async function count(text: string, timeMs: number): Promise<CountVector> {
    const result = await instantQuery(storage, text, timeMs);
    if (result.resultType !== 'vector') throw new Error(`${text}: not a vector`);
    return result.result.map((s) => ({ labels: labelsToRecord(s.metric), value: s.v }));
  }

  return {
    async evaluate(timeMs, measured) {
      writing = 0;
      writes = 0;
      await evaluator.evaluate(timeMs);
      const status = evaluator.status();
      const evaluation = { timeMs, seconds: status.evaluationTimeMs / 1000 };
      if (measured) {
        evaluations.push(evaluation);
        writeMs.push(writing);
        addRuleTimes(
          ruleMs,
          status.rules.map((rule) => ({ name: nameOf(rule.rule), ms: rule.evaluationTimeMs })),
        );
      }
      return evaluation;
    },
    async finish() {
      try {
        const last = evaluator.lastEvalTimestamp ?? 0;
        return {
          evaluations,
          writeMs,
          writes,
          ruleMs,
          recordedSeries: (await count(RECORDED_SERIES_QUERY, last))[0]?.value ?? 0,
          ...alertCounts(await count(ALERTS_QUERY, last)),
          failures: evaluator
            .status()
            .rules.filter((rule) => rule.health === 'err')
            .map((rule) => `${nameOf(rule.rule)}: ${rule.lastError}`),
        };
      } finally {
        store.close();
      }
    },
  };
}
