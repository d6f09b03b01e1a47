/** A recording rule's evaluation, as Prometheus's rules/recording.go does it. */
import type { RecordingRule } from '../rule-types';
import { hasDuplicateLabels, setLabels } from './rule-labels';
import type { RuleSample } from './rule-query';

export const DUPLICATE_RECORDING_LABELSET =
  'vector contains metrics with the same labelset after applying rule labels';

/**
 * Names each result sample after the rule and adds the rule's labels (the group's labels, with the
 * rule's own over them); refuses results that collide after that, or that exceed `limit` (0: none).
 */
export function recordResults(
  rule: RecordingRule,
  ruleLabels: Readonly<Record<string, string>>,
  results: readonly RuleSample[],
  limit: number,
): RuleSample[] {
  const changes: [string, string][] = [['__name__', rule.record], ...Object.entries(ruleLabels)];
  const out = results.map((s) => ({ ...s, labels: setLabels(s.labels, changes) }));
  if (hasDuplicateLabels(out.map((s) => s.labels))) throw new Error(DUPLICATE_RECORDING_LABELSET);
  if (limit > 0 && out.length > limit) {
    throw new Error(`exceeded limit of ${limit} with ${out.length} series`);
  }
  return out;
}
