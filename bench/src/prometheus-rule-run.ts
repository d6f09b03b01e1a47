/**
 * bench:rules' Prometheus side: a real Prometheus over the backfilled data set, the rule file
 * loaded, its group's duration read from /metrics at each evaluation, each rule's from
 * /api/v1/rules, and at the end the series and alerts it wrote.
 */
import { startRealPrometheus } from '@otel-lab/testkit';
import { collectGroupEvaluations, type GroupEvaluation } from './rule-group-gauges.js';
import {
  ALERTS_QUERY,
  addRuleTimes,
  alertCounts,
  type CountVector,
  RECORDED_SERIES_QUERY,
  type RuleRun,
} from './rule-run.js';

export interface PrometheusRuleOptions {
  /** Where its configuration and TSDB go. */
  dir: string;
  /** The data set, backfilled with promtool before it starts. */
  openMetrics: string;
  /** The rule file's path; the group in it is named `group`. */
  ruleFile: string;
  group: string;
  intervalMs: number;
  /** Evaluations measured, after `skip` that are not. */
  count: number;
  skip: number;
  /** Called once the backfill is done and the server is up. */
  onStarted?: () => void;
  /**
   * A query whose value is the timestamp of the last evaluation's output (s): the slot it
   * evaluated at, which /metrics does not show (Prometheus 2.42 gives the wall-clock start).
   */
  evaluationTimeQuery: string;
  /**
   * Called after each evaluation (collected is 0 for the skipped ones) with the slot it
   * evaluated at (ms), and awaited before the next is looked for: ours evaluates here, in the
   * gap before Prometheus's next evaluation.
   */
  onEvaluation?: (evaluation: GroupEvaluation, collected: number, slotMs: number) => Promise<void>;
}

interface ApiRules {
  data?: { groups?: { name: string; rules: ApiRule[] }[] };
}
interface ApiRule {
  name: string;
  health: string;
  lastError?: string;
  evaluationTime: number;
}
interface ApiVector {
  status: string;
  error?: string;
  data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

export async function runPrometheusRules(options: PrometheusRuleOptions): Promise<RuleRun> {
  const prometheus = await startRealPrometheus({
    dir: options.dir,
    openMetrics: options.openMetrics,
    config: [
      'global:',
      `  evaluation_interval: ${options.intervalMs / 1000}s`,
      'rule_files:',
      `  - ${JSON.stringify(options.ruleFile)}`,
      '',
    ].join('\n'),
  });
  options.onStarted?.();
  const query = async (text: string, timeMs: number): Promise<CountVector> => {
    const time = String(timeMs / 1000);
    const body = (await prometheus.api('query', { query: text, time })) as ApiVector;
    if (body.status !== 'success') throw new Error(`${text}: ${body.error}`);
    return (body.data?.result ?? []).map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
  };
  try {
    const ruleMs = new Map<string, number[]>();
    let lastRules: ApiRule[] = [];
    const evaluations = await collectGroupEvaluations(prometheus.url, options.group, {
      count: options.count,
      skip: options.skip,
      pollMs: Math.max(20, options.intervalMs / 20),
      // The skipped and measured evaluations, a first one up to an interval away, and slack for
      // evaluations missed while ours ran past the next one.
      timeoutMs: (options.count + options.skip + 2) * options.intervalMs * 3 + 60_000,
      onEvaluation: async (evaluation, collected) => {
        if (collected > 0) {
          const body = (await prometheus.api('rules', {})) as ApiRules;
          lastRules = body.data?.groups?.find((g) => g.name === options.group)?.rules ?? [];
          addRuleTimes(
            ruleMs,
            lastRules.map((rule) => ({ name: rule.name, ms: rule.evaluationTime * 1000 })),
          );
        }
        // The evaluation's own time: the slot it evaluated at, which its output carries.
        const slot = (await query(options.evaluationTimeQuery, evaluation.timeMs))[0]?.value;
        if (slot === undefined) throw new Error(`${options.evaluationTimeQuery}: no result`);
        await options.onEvaluation?.(evaluation, collected, Math.round(slot * 1000));
      },
    });
    const time = (evaluations.at(-1) as GroupEvaluation).timeMs;
    return {
      evaluations,
      ruleMs,
      recordedSeries: (await query(RECORDED_SERIES_QUERY, time))[0]?.value ?? 0,
      ...alertCounts(await query(ALERTS_QUERY, time)),
      failures: lastRules
        .filter((rule) => rule.health === 'err')
        .map((rule) => `${rule.name}: ${rule.lastError ?? ''}`),
    };
  } finally {
    await prometheus.stop();
  }
}
