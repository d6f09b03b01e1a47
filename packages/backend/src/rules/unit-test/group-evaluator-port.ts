import type { Storage } from '@otel-lab/promql';
import type { SampleSink } from '../../metrics/sample';
import type { GroupStatus } from '../eval/rule-state';
import type { RuleGroup } from '../rule-types';

/**
 * What the unit-test runner needs of rule evaluation: evaluate a group at one timestamp, then read
 * each rule's last error and each alerting rule's alerts. The backend's group evaluator provides it.
 */
export interface UnitTestGroupEvaluator {
  evaluate(ts: number): Promise<unknown>;
  status(): GroupStatus;
}

export interface UnitTestEvaluatorOptions {
  storage: Storage;
  sink: SampleSink;
  /** The test group's interval: promtool loads the rule groups with it as their default. */
  defaultIntervalMs: number;
  externalLabels: Record<string, string>;
  externalUrl: string;
  /** promtool's engine steps subqueries without a step at evaluation_interval. */
  queryLimits: { defaultSubqueryStepMs: number };
}

export type CreateUnitTestEvaluator = (
  group: RuleGroup,
  options: UnitTestEvaluatorOptions,
) => UnitTestGroupEvaluator;
