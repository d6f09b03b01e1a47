import { MemoryStorage } from '@otel-lab/promql';
import { memorySampleSink } from '../eval';
import { formatRuleFileError, type RuleGroup } from '../rule-types';
import { checkAlerts } from './check-alerts';
import { checkExpressions } from './check-expressions';

import { formatGoDuration, formatModelDuration } from './go-format';
import type { CreateUnitTestEvaluator, UnitTestGroupEvaluator } from './group-evaluator-port';
import { createInputSeriesLoader } from './input-series';
import { loadTestRules } from './load-test-rules';
import type { AlertTestCase, TestGroup } from './unit-test-file';

export interface TestGroupContext {
  /** The rule files, already resolved and globbed. */
  ruleFiles: readonly string[];
  evaluationIntervalMs: number;
  /** group name → position in group_eval_order. */
  groupOrder: ReadonlyMap<string, number>;
  createEvaluator: CreateUnitTestEvaluator;
  /** Prometheus 3.5+'s fuzzy_compare: floats one step apart are equal. */
  fuzzyCompare: boolean;
  /** Prometheus 3.2+'s --ignore-unknown-fields, for the rule files. */
  ignoreUnknownFields: boolean;
}

const LOOKBACK_MS = 5 * 60_000;
/** The most evaluation steps one test may take (a week at 5s is 120,961). */
export const MAX_EVALUATIONS = 200_000;

/**
 * One entry of `tests`, as promtool's testGroup.test runs it: the input series into a fresh
 * storage, the rule files loaded, every group evaluated at 0, interval, 2 × interval … up to the
 * largest eval_time, alerts checked at each evaluation that covers an eval_time, then the
 * expressions. Returns promtool's error texts; empty when the test passes.
 */
export async function runTestGroup(test: TestGroup, context: TestGroupContext): Promise<string[]> {
  const evalInterval = context.evaluationIntervalMs;
  // Prometheus 3 (2.49+) reads input series at evaluation_interval when the test sets no interval.
  const seriesInterval = test.intervalMs || evalInterval;
  // Test time 0 is start_timestamp (Prometheus 3.9+), the epoch by default.
  const start = test.startTimestampMs;
  const storage = new MemoryStorage();
  const inputs = createInputSeriesLoader(test.inputSeries, seriesInterval, start, storage);
  if (inputs instanceof Error) return [inputs.message];

  const loaded = await loadTestRules(context.ruleFiles, context.ignoreUnknownFields);
  if ('errors' in loaded) return loaded.errors.map(formatRuleFileError);
  const sink = memorySampleSink(storage);
  let evaluators: UnitTestGroupEvaluator[];
  try {
    evaluators = orderGroups(loaded.groups, context.groupOrder).map((group) =>
      context.createEvaluator(group, {
        storage,
        sink,
        defaultIntervalMs: seriesInterval,
        externalLabels: Object.fromEntries(test.externalLabels),
        externalUrl: test.externalUrl,
        queryLimits: { defaultSubqueryStepMs: evalInterval },
      }),
    );
  } catch (e) {
    // Validation refuses what would not compile; should anything slip through, the test fails.
    return [(e as Error).message];
  }

  const missing = test.alertRuleTests.find((a) => a.alertname === '');
  if (missing) {
    const inGroup = test.name === '' ? '' : ` (in TestGroup ${test.name})`;
    return [
      `an item under alert_rule_test misses required attribute alertname at eval_time ${formatModelDuration(missing.evalTimeMs)}${inGroup}`,
    ];
  }
  const alertTimes = [...new Set(test.alertRuleTests.map((a) => a.evalTimeMs))].sort(
    (a, b) => a - b,
  );
  const casesAt = (t: number): AlertTestCase[] =>
    test.alertRuleTests.filter((a) => a.evalTimeMs === t);
  const maxEvalTime = Math.max(
    0,
    ...test.alertRuleTests.map((a) => a.evalTimeMs),
    ...test.promqlExprTests.map((p) => p.evalTimeMs),
  );

  const steps = Math.floor(maxEvalTime / evalInterval) + 1;
  if (steps > MAX_EVALUATIONS)
    return [
      `evaluating every ${formatModelDuration(evalInterval)} up to ${formatModelDuration(maxEvalTime)} takes ${steps} evaluations, more than the ${MAX_EVALUATIONS} test rules allows in one test`,
    ];
  const errors: string[] = [];
  let next = 0;
  for (let ts = start; ts <= start + maxEvalTime; ts += evalInterval) {
    inputs.loadUntil(ts);
    const evalErrors: string[] = [];
    for (const evaluator of evaluators) {
      await evaluator.evaluate(ts);
      for (const rule of evaluator.status().rules) {
        if (rule.lastError === '') continue;
        const name = rule.rule.kind === 'alerting' ? rule.rule.alert : rule.rule.record;
        evalErrors.push(`    rule: ${name}, time: ${formatGoDuration(ts)}, err: ${rule.lastError}`);
      }
    }
    // Evaluation errors end the test; mismatches found so far are reported with them.
    if (evalErrors.length > 0) return [...errors, ...evalErrors];
    // An eval_time is checked against the evaluation at or just before it.
    while (next < alertTimes.length && (alertTimes[next] as number) < ts - start + evalInterval) {
      errors.push(...checkAlerts(casesAt(alertTimes[next] as number), evaluators, test.name));
      next++;
    }
  }
  errors.push(
    ...(await checkExpressions(test.promqlExprTests, storage, start, context.fuzzyCompare, {
      lookbackDelta: LOOKBACK_MS,
      defaultSubqueryStep: evalInterval,
    })),
  );
  return errors;
}

/** Groups in group_eval_order; the rest, at position 0, keep their file order (sorted stably). */
function orderGroups(groups: RuleGroup[], order: ReadonlyMap<string, number>): RuleGroup[] {
  return [...groups].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
}
