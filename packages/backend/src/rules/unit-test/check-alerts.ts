import {
  alertsEqual,
  formatAlerts,
  indentLines,
  type LabelsAndAnnotations,
  sortAlerts,
} from './compare-results';
import { formatModelDuration } from './go-format';
import type { UnitTestGroupEvaluator } from './group-evaluator-port';
import type { AlertTestCase } from './unit-test-file';

const sortedPairs = (record: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Compares the firing alerts of every alerting rule named in `cases` (one eval_time's cases)
 * with their expectations, as promtool does after the evaluation at or just before eval_time:
 * alerts of rules with the same name in several groups count together; pending ones do not.
 */
export function checkAlerts(
  cases: readonly AlertTestCase[],
  groups: readonly UnitTestGroupEvaluator[],
  testName: string,
): string[] {
  const names = new Set(cases.map((c) => c.alertname));
  const got = new Map<string, LabelsAndAnnotations[]>();
  for (const group of groups) {
    for (const rule of group.status().rules) {
      if (rule.rule.kind !== 'alerting' || !names.has(rule.rule.alert)) continue;
      const firing = (rule.alerts ?? [])
        .filter((a) => a.state === 'firing')
        .map((a) => ({ labels: sortedPairs(a.labels), annotations: sortedPairs(a.annotations) }));
      got.set(rule.rule.alert, [...(got.get(rule.rule.alert) ?? []), ...firing]);
    }
  }
  const errors: string[] = [];
  for (const c of cases) {
    const gotAlerts = sortAlerts([...(got.get(c.alertname) ?? [])]);
    const expAlerts = sortAlerts(
      c.expAlerts.map((a) => ({
        // The rule adds alertname; the user gives only the rest (a map: a repeated key keeps its last value).
        labels: sortedPairs({ ...Object.fromEntries(a.expLabels ?? []), alertname: c.alertname }),
        annotations: sortedPairs(Object.fromEntries(a.expAnnotations ?? [])),
      })),
    );
    if (alertsEqual(expAlerts, gotAlerts)) continue;
    const name = testName === '' ? '' : `    name: ${testName},\n`;
    const exp = indentLines(formatAlerts(expAlerts), '            ');
    const gotText = indentLines(formatAlerts(gotAlerts), '            ');
    errors.push(
      `${name}    alertname: ${c.alertname}, time: ${formatModelDuration(c.evalTimeMs)}, \n        exp:${exp}, \n        got:${gotText}`,
    );
  }
  return errors;
}
