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
   * Called after each evaluation (collected is 0 for the skipped ones) and awaited, before the
   * next is looked for: ours evaluates here, in the gap before Prometheus's next evaluation.
   */
  onEvaluation?: (evaluation: GroupEvaluation, collected: number) => Promise<void>;
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
        await options.onEvaluation?.(evaluation, collected);
      },
    });
    const time = String((evaluations.at(-1) as GroupEvaluation).timeMs / 1000);
    const query = async (text: string): Promise<CountVector> => {
      const body = (await prometheus.api('query', { query: text, time })) as ApiVector;
      if (body.status !== 'success') throw new Error(`${text}: ${body.error}`);
      return (body.data?.result ?? []).map((s) => ({
        ...(s.metric.alertstate === undefined ? {} : { alertstate: s.metric.alertstate }),
        value: Number(s.value[1]),
      }));
    };
    return {
      evaluations,
      ruleMs,
      recordedSeries: (await query(RECORDED_SERIES_QUERY))[0]?.value ?? 0,
      alerts: alertCounts(await query(ALERTS_QUERY)),
      failures: lastRules
        .filter((rule) => rule.health === 'err')
        .map((rule) => `${rule.name}: ${rule.lastError ?? ''}`),
    };
  } finally {
    await prometheus.stop();
  }
}
