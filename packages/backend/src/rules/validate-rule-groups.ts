import { parseExpr } from '@otel-lab/promql';
import { templateProblems } from './check-rule-templates';
import type { PlacedString, Position, RawGroup, RawRule } from './decode-rule-yaml';
import type { Rule, RuleFileError, RuleGroup } from './rule-types';

/**
 * Prometheus's rulefmt validation of decoded groups, check for check: every problem of every group
 * and rule, each placed by file, group and rule as promtool reports it, alerting rules' label and
 * annotation templates last (check-rule-templates.ts).
 */

// Prometheus 2.x's (and promtool 2.42's) legacy name rules.
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where promtool places a problem: one node, two, or none (label, annotation and template problems). */
type Problem = { at?: Position[]; message: string };
const NOWHERE: Position = { line: 0, column: 0 }; // an absent yaml.Node's position

export function validateRuleGroups(
  file: string,
  raw: RawGroup[],
): { groups: RuleGroup[]; errors: RuleFileError[] } {
  const errors: RuleFileError[] = [];
  const seen = new Set<string>();
  const groups = raw.map((g): RuleGroup => {
    const groupError = (p: Problem) =>
      errors.push({ file, at: p.at, group: g.name, message: p.message });
    if (g.name === '') groupError({ at: [g.at], message: 'Groupname must not be empty' });
    if (seen.has(g.name))
      groupError({ at: [g.at], message: `groupname: "${g.name}" is repeated in the same file` });
    seen.add(g.name);
    for (const p of labelProblems(g.labels)) groupError(p);
    const rules = g.rules.map((r, i) => {
      const name = r.alert?.value || r.record?.value || '';
      for (const p of ruleProblems(r)) {
        errors.push({
          file,
          at: p.at,
          group: g.name,
          rule: { index: i + 1, name },
          message: p.message,
        });
      }
      return typedRule(r);
    });
    return {
      file,
      name: g.name,
      intervalMs: g.intervalMs || undefined, // 0 means the global interval, as in Prometheus
      limit: g.limit,
      queryOffsetMs: g.queryOffsetMs,
      labels: Object.fromEntries(g.labels.map(([k, v]) => [k.value, v])),
      rules,
    };
  });
  return { groups, errors };
}

function ruleProblems(r: RawRule): Problem[] {
  const problems: Problem[] = [];
  const record = r.record?.value ?? '';
  const alert = r.alert?.value ?? '';
  const recordAt = [r.record?.at ?? NOWHERE];
  if (record !== '' && alert !== '')
    problems.push({
      at: [...recordAt, r.alert?.at ?? NOWHERE],
      message: "only one of 'record' and 'alert' must be set",
    });
  if (record === '' && alert === '')
    problems.push({ at: recordAt, message: "one of 'record' or 'alert' must be set" });
  const expr = r.expr?.value ?? '';
  const exprAt = [r.expr?.at ?? NOWHERE];
  if (expr === '') problems.push({ at: exprAt, message: "field 'expr' must be set in rule" });
  else {
    try {
      parseExpr(expr);
    } catch (e) {
      problems.push({
        at: exprAt,
        message: `could not parse expression: ${(e as Error).message}`,
      });
    }
  }
  if (record !== '') {
    if (r.annotations.length > 0)
      problems.push({ at: recordAt, message: "invalid field 'annotations' in recording rule" });
    if (r.forMs !== 0)
      problems.push({ at: recordAt, message: "invalid field 'for' in recording rule" });
    if (r.keepFiringForMs !== 0)
      problems.push({ at: recordAt, message: "invalid field 'keep_firing_for' in recording rule" });
    if (!METRIC_NAME.test(record))
      problems.push({ at: recordAt, message: `invalid recording rule name: ${record}` });
  }
  problems.push(...labelProblems(r.labels));
  for (const [name] of r.annotations) {
    if (!LABEL_NAME.test(name.value))
      problems.push({ message: `invalid annotation name: ${name.value}` });
  }
  if (alert !== '') {
    const text = (entries: [PlacedString, string][]) =>
      entries.map(([k, v]) => [k.value, v] as const);
    for (const message of templateProblems(alert, text(r.labels), text(r.annotations)))
      problems.push({ message });
  }
  return problems;
}

function labelProblems(labels: [PlacedString, string][]): Problem[] {
  const problems: Problem[] = [];
  for (const [name, value] of labels) {
    if (!LABEL_NAME.test(name.value) || name.value === '__name__') {
      problems.push({ message: `invalid label name: ${name.value}` });
    }
    // Values are text decoded from the file; a lone surrogate is the only way they can be invalid UTF-8.
    if (LONE_SURROGATE.test(value)) problems.push({ message: `invalid label value: ${value}` });
  }
  return problems;
}

function typedRule(r: RawRule): Rule {
  const labels = Object.fromEntries(r.labels.map(([k, v]) => [k.value, v]));
  const expr = r.expr?.value ?? '';
  if (r.record?.value) return { kind: 'recording', record: r.record.value, expr, labels };
  return {
    kind: 'alerting',
    alert: r.alert?.value ?? '',
    expr,
    forMs: r.forMs,
    keepFiringForMs: r.keepFiringForMs,
    labels,
    annotations: Object.fromEntries(r.annotations.map(([k, v]) => [k.value, v])),
  };
}
