/**
 * Rule groups, rules and alerts as Prometheus's /api/v1/rules and /api/v1/alerts write them
 * (web/api/v1/api.go: RuleGroup, AlertingRule, RecordingRule, Alert): seconds as numbers, times
 * as Go marshals a time.Time, label sets with their names in order.
 */
import type { ActiveAlert, GroupStatus, RuleStatus } from '../../rules/eval/rule-state.js';

/** Go's time.Time zero value, which Prometheus reports for a rule never evaluated. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Duration.Seconds() of milliseconds: whole nanoseconds, as Go counts them, then seconds. */
export function seconds(ms: number): number {
  return Math.round(ms * 1e6) / 1e9;
}

/** A time as Go's RFC 3339 with nanoseconds: the fraction without trailing zeros, UTC as Z. */
export function goTime(ms: number | undefined): string {
  if (ms === undefined) return GO_ZERO_TIME;
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** strconv.FormatFloat(v, 'e', -1, 64): the shortest exact mantissa, a two-digit exponent. */
export function goExponentFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const [mantissa, exponent = '+0'] = v.toExponential().split('e');
  const sign = Object.is(v, -0) ? '-' : '';
  return `${sign}${mantissa}e${exponent[0]}${exponent.slice(1).padStart(2, '0')}`;
}

/** A label set as labels.Labels marshals: names in byte order. */
export function sortedLabels(...sets: Readonly<Record<string, string>>[]): Record<string, string> {
  const merged: Record<string, string> = Object.assign(Object.create(null), ...sets);
  const out: Record<string, string> = {};
  for (const name of Object.keys(merged).sort()) {
    Object.defineProperty(out, name, { value: merged[name], enumerable: true, writable: true });
  }
  return out;
}

export function alertJson(alert: ActiveAlert) {
  return {
    labels: sortedLabels(alert.labels),
    annotations: sortedLabels(alert.annotations),
    state: alert.state,
    activeAt: goTime(alert.activeAt),
    ...(alert.keepFiringSince === undefined
      ? {}
      : { keepFiringSince: goTime(alert.keepFiringSince) }),
    value: goExponentFloat(alert.value),
  };
}

/** The labels a rule's results carry and match[] is tested against: the group's, then its own. */
export function ruleLabels(group: GroupStatus, status: RuleStatus): Record<string, string> {
  return sortedLabels(group.labels, status.rule.labels);
}

/** One rule as its type's struct marshals; alerts null when excluded (a nil slice in Go). */
export function ruleJson(group: GroupStatus, status: RuleStatus, withAlerts: boolean) {
  const { rule } = status;
  const common = {
    health: status.health,
    ...(status.lastError ? { lastError: status.lastError } : {}),
    evaluationTime: seconds(status.evaluationTimeMs),
    lastEvaluation: goTime(status.lastEvaluation),
  };
  if (rule.kind === 'recording') {
    return {
      name: rule.record,
      query: rule.expr,
      labels: ruleLabels(group, status),
      ...common,
      type: 'recording',
    };
  }
  return {
    // Prometheus 3: `unknown` until the rule's first evaluation.
    state: status.lastEvaluation === undefined ? 'unknown' : (status.state ?? 'inactive'),
    name: rule.alert,
    query: rule.expr,
    duration: seconds(rule.forMs),
    keepFiringFor: seconds(rule.keepFiringForMs),
    labels: ruleLabels(group, status),
    annotations: sortedLabels(rule.annotations),
    alerts: withAlerts ? (status.alerts ?? []).map(alertJson) : null,
    ...common,
    type: 'alerting',
  };
}

export function groupJson(group: GroupStatus, rules: unknown[]) {
  return {
    name: group.name,
    file: group.file,
    rules,
    interval: seconds(group.intervalMs),
    limit: group.limit,
    evaluationTime: seconds(group.evaluationTimeMs),
    lastEvaluation: goTime(group.lastEvaluation),
  };
}
