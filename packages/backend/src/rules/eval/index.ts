/** Rule evaluation: what the wiring, the rules API, `test rules` and the notifier use. */
export { generatorUrl } from './alert-sending';
export {
  createGroupEvaluator,
  type GroupEvaluator,
  type GroupEvaluatorOptions,
} from './group-evaluator';
export { memorySampleSink } from './memory-sample-sink';
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
