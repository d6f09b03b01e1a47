import type { AlertingRule, FilterState, PromAlert, PromRule, RuleGroup } from './rules-types.js';
import type { AlertsViewState } from './url-state.js';

export interface GroupView {
  group: RuleGroup;
  /** The group's rules the filters keep, in the file's order. */
  rules: PromRule[];
}

export interface FileView {
  file: string;
  groups: GroupView[];
}

/** Alerting rules by the states the filters offer (a rule not yet evaluated is in none). */
export type StateCounts = Record<FilterState, number>;

/**
 * Whether a rule passes the filters. A state filter keeps alerting rules in those states only
 * (recording rules have no state); the search matches the rule's name or any of its label names
 * or values, ignoring case, as Prometheus's alerts page searches.
 */
export function ruleMatches(rule: PromRule, filters: AlertsViewState): boolean {
  if (filters.states.length > 0) {
    if (rule.type !== 'alerting' || rule.state === 'unknown') return false;
    if (!filters.states.includes(rule.state)) return false;
  }
  const needle = filters.search.trim().toLowerCase();
  if (!needle) return true;
  const haystack = [rule.name, ...Object.entries(rule.labels ?? {}).flat()];
  return haystack.some((text) => text.toLowerCase().includes(needle));
}

/**
 * Rules by file, then group, in the API's order (Prometheus sorts groups by file, then name).
 * Groups the filters empty are left out, and files left with no group.
 */
export function rulesByFile(groups: readonly RuleGroup[], filters: AlertsViewState): FileView[] {
  const files = new Map<string, GroupView[]>();
  for (const group of groups) {
    const rules = (group.rules ?? []).filter((rule) => ruleMatches(rule, filters));
    if (rules.length === 0) continue;
    const list = files.get(group.file) ?? [];
    list.push({ group, rules });
    files.set(group.file, list);
  }
  return [...files].map(([file, list]) => ({ file, groups: list }));
}

/** How many alerting rules are in each state, before any filter (the filter's labels show it). */
export function countRuleStates(groups: readonly RuleGroup[]): StateCounts {
  const counts: StateCounts = { inactive: 0, pending: 0, firing: 0 };
  for (const group of groups)
    for (const rule of group.rules ?? [])
      if (rule.type === 'alerting' && rule.state !== 'unknown') counts[rule.state]++;
  return counts;
}

export interface ActiveAlertView {
  alert: PromAlert;
  rule: AlertingRule;
  group: RuleGroup;
}

/**
 * The firing and pending alerts of the rules the filters keep: firing first, then the longest
 * active first, so what has been wrong longest leads.
 */
export function activeAlerts(
  groups: readonly RuleGroup[],
  filters: AlertsViewState,
): ActiveAlertView[] {
  const found: ActiveAlertView[] = [];
  for (const group of groups)
    for (const rule of group.rules ?? []) {
      if (rule.type !== 'alerting' || !ruleMatches(rule, filters)) continue;
      for (const alert of rule.alerts ?? []) found.push({ alert, rule, group });
    }
  const since = (view: ActiveAlertView) => Date.parse(view.alert.activeAt ?? '') || 0;
  return found.sort(
    (a, b) =>
      Number(b.alert.state === 'firing') - Number(a.alert.state === 'firing') ||
      since(a) - since(b),
  );
}

/** How many alerts fire, from /api/v1/alerts: the nav's badge. */
export const countFiring = (alerts: readonly PromAlert[]) =>
  alerts.filter((alert) => alert.state === 'firing').length;
