/**
 * The rules as loaded, none evaluated yet: what /api/v1/rules shows of groups that no evaluator
 * runs (every rule's health unknown, as Prometheus reports a rule before its first evaluation).
 */
import type { GroupStatus, RulesView } from '../eval/rule-state.js';
import type { RuleGroup } from '../rule-types.js';

export function loadedGroupStatus(group: RuleGroup, defaultIntervalMs: number): GroupStatus {
  return {
    file: group.file,
    name: group.name,
    intervalMs: group.intervalMs ?? defaultIntervalMs,
    limit: group.limit,
    queryOffsetMs: group.queryOffsetMs ?? 0,
    labels: group.labels,
    evaluationTimeMs: 0,
    rules: group.rules.map((rule) => ({
      rule,
      health: 'unknown',
      lastError: '',
      evaluationTimeMs: 0,
      ...(rule.kind === 'alerting' ? { state: 'inactive', alerts: [] } : {}),
    })),
  };
}

export interface LoadedRulesView extends RulesView {
  set(groups: readonly RuleGroup[]): void;
}

export function createLoadedRulesView(defaultIntervalMs: number): LoadedRulesView {
  let statuses: GroupStatus[] = [];
  return {
    set(groups) {
      statuses = groups.map((group) => loadedGroupStatus(group, defaultIntervalMs));
    },
    groups: () => statuses,
  };
}
