import { compileRuleTemplate, RuleTemplateError } from './template/index.js';

/**
 * What `promtool check rules` reports of an alerting rule's label and annotation templates, in
 * its words (`label "severity": template: __alert_HighLatency:1: …`): each compiled under the
 * name Prometheus gives it. Templates outside this lab's subset (`query` and the other functions
 * that run queries or reach outside the alert) are refused here too, where promtool accepts them,
 * so that a rule file fails at load rather than in every alert it expands. Go ranges over the
 * maps in random order; these come in name order, labels first, as promtool's usually read.
 */
export function templateProblems(
  alert: string,
  labels: readonly (readonly [string, string])[],
  annotations: readonly (readonly [string, string])[],
): string[] {
  const problems: string[] = [];
  const check = (kind: string, entries: readonly (readonly [string, string])[]) => {
    for (const [name, text] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      try {
        compileRuleTemplate(text, `__alert_${alert}`);
      } catch (e) {
        if (!(e instanceof RuleTemplateError)) throw e;
        problems.push(`${kind} ${JSON.stringify(name)}: ${e.message}`);
      }
    }
  };
  check('label', labels);
  check('annotation', annotations);
  return problems;
}
