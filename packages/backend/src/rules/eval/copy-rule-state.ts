/** A reloaded group's rules take over the state of the rules they replace (Prometheus's CopyState). */
import type { Labels } from '../../metrics/sample';
import type { RuleSlot } from './group-evaluator';

/** Prometheus matches rules by name and labels: the first with the first, and so on. */
function identity(slot: RuleSlot): string {
  const { rule } = slot;
  const name = rule.kind === 'recording' ? rule.record : rule.alert;
  const labels = Object.keys(rule.labels)
    .sort()
    .map((k) => [k, rule.labels[k]]);
  return JSON.stringify([name, labels]);
}

/**
 * Copies written series and active alerts from each old rule to its match among the new ones,
 * and returns the series of old rules without a match, to be marked stale.
 */
export function copyRuleState(
  from: readonly RuleSlot[],
  to: readonly RuleSlot[],
): Map<string, Labels> {
  const unmatched = new Map<string, RuleSlot[]>();
  for (const slot of from) {
    const key = identity(slot);
    unmatched.set(key, [...(unmatched.get(key) ?? []), slot]);
  }
  for (const slot of to) {
    const candidates = unmatched.get(identity(slot));
    const old = candidates?.shift();
    if (old === undefined) continue;
    slot.written = old.written;
    if (slot.alerting !== undefined && old.alerting !== undefined) {
      for (const [key, alert] of old.alerting.active) slot.alerting.active.set(key, alert);
    }
  }
  const stale = new Map<string, Labels>();
  for (const slots of unmatched.values()) {
    for (const slot of slots) for (const [key, labels] of slot.written) stale.set(key, labels);
  }
  return stale;
}
