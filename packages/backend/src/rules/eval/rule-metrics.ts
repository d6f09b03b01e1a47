/**
 * The rule manager's own metrics, named and labelled as Prometheus's rules package exports them
 * (`rule_group` is "file;name"), so dashboards and alerts written for Prometheus read them.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface RuleMetrics {
  /** A group is running: its series exist from now on, counters at 0. */
  added(group: string, intervalMs: number, rules: number): void;
  /** A group is gone: its series go too. */
  removed(group: string): void;
  evaluated(
    group: string,
    e: { startedAtMs: number; durationMs: number; rules: number; failures: number },
  ): void;
  missed(group: string, count: number): void;
}

export function createRuleMetrics(registry: Registry): RuleMetrics {
  const labelNames = ['rule_group'] as const;
  const registers = [registry];
  const gauge = (name: string, help: string) =>
    new Gauge({ name: `prometheus_${name}`, help, labelNames, registers });
  const counter = (name: string, help: string) =>
    new Counter({ name: `prometheus_${name}`, help, labelNames, registers });
  const lastDuration = gauge(
    'rule_group_last_duration_seconds',
    'The duration of the last rule group evaluation.',
  );
  const interval = gauge('rule_group_interval_seconds', 'The interval of a rule group.');
  const lastEvaluation = gauge(
    'rule_group_last_evaluation_timestamp_seconds',
    'The timestamp of the last rule group evaluation in seconds.',
  );
  const ruleCount = gauge('rule_group_rules', 'The number of rules.');
  const evaluations = counter('rule_evaluations_total', 'The total number of rule evaluations.');
  const failures = counter(
    'rule_evaluation_failures_total',
    'The total number of rule evaluation failures.',
  );
  const missed = counter(
    'rule_group_iterations_missed_total',
    'The total number of rule group evaluations missed due to slow rule group evaluation.',
  );
  const iterations = counter(
    'rule_group_iterations_total',
    'The total number of scheduled rule group evaluations, whether executed or missed.',
  );
  const all = [
    lastDuration,
    interval,
    lastEvaluation,
    ruleCount,
    evaluations,
    failures,
    missed,
    iterations,
  ];
  return {
    added(group, intervalMs, count) {
      const labels = { rule_group: group };
      interval.set(labels, intervalMs / 1000);
      ruleCount.set(labels, count);
      lastDuration.set(labels, 0);
      lastEvaluation.set(labels, 0);
      for (const c of [evaluations, failures, missed, iterations]) c.inc(labels, 0);
    },
    removed(group) {
      for (const metric of all) metric.remove({ rule_group: group });
    },
    evaluated(group, e) {
      const labels = { rule_group: group };
      iterations.inc(labels);
      evaluations.inc(labels, e.rules);
      failures.inc(labels, e.failures);
      lastDuration.set(labels, e.durationMs / 1000);
      lastEvaluation.set(labels, e.startedAtMs / 1000);
    },
    missed(group, count) {
      missed.inc({ rule_group: group }, count);
      iterations.inc({ rule_group: group }, count);
    },
  };
}
