/** Rule evaluation: what the wiring, the rules API, `test rules` and the notifier use. */
export { generatorUrl } from './alert-sending';
export {
  createGroupEvaluator,
  type EvaluationSummary,
  type GroupEvaluator,
  type GroupEvaluatorOptions,
} from './group-evaluator';
export type { Timers } from './group-runner';
export { memorySampleSink } from './memory-sample-sink';
export { DEFAULT_RESTORE_OPTIONS, type RestoreOptions } from './restore-for-state';
export { createRuleManager, type RuleManager, type RuleManagerOptions } from './rule-manager';
export type { RuleQueryLimits } from './rule-query';
export type {
  ActiveAlert,
  AlertRuleState,
  AlertSender,
  GroupStatus,
  PostableAlert,
  RuleHealth,
  RuleStatus,
  RulesView,
} from './rule-state';
