/**
 * After a start, the `for` state of pending and firing alerts comes back from the
 * ALERTS_FOR_STATE series, as Prometheus's group.go RestoreForState brings it back: an alert
 * that was firing when the process went down fires again at once; one that was pending waits
 * what it had left, plus the downtime, but at least the grace period.
 */
import { isStaleMarkerAt, type LabelMatcher, type Storage } from '@otel-lab/promql';
import { seriesKey, sortedLabels } from '../../metrics/sample';
import type { AlertingRuleState } from './alerting-rule';

export interface RestoreOptions {
  /** --rules.alert.for-outage-tolerance: how long a downtime restoring tolerates (1h). */
  readonly outageToleranceMs: number;
  /** --rules.alert.for-grace-period: the least time left to fire after a restore (10m). */
  readonly gracePeriodMs: number;
}

export const DEFAULT_RESTORE_OPTIONS: RestoreOptions = {
  outageToleranceMs: 60 * 60_000,
  gracePeriodMs: 10 * 60_000,
};

/** Restores the activeAt of `rule`'s current alerts at `ts` (ms), then marks the rule restored. */
export async function restoreForState(
  rule: AlertingRuleState,
  storage: Storage,
  ts: number,
  options: RestoreOptions,
): Promise<void> {
  const holdMs = rule.rule.forMs;
  try {
    // A `for` shorter than the grace period would only be lengthened by restoring.
    if (holdMs < options.gracePeriodMs) return;
    const series = await storage.select(forStateMatchers(rule), ts - options.outageToleranceMs, ts);
    const byLabels = new Map(
      series.map((s) => {
        const labels = sortedLabels(
          s.labels.filter((l) => l.name !== '__name__').map((l) => [l.name, l.value]),
        );
        return [seriesKey(labels), s] as const;
      }),
    );
    for (const alert of rule.active.values()) {
      const found = byLabels.get(seriesKey(alert.labels));
      const last = found === undefined ? -1 : found.values.length - 1;
      if (found === undefined || last < 0 || isStaleMarkerAt(found.values, last)) continue;
      // Go's time.Unix(t/1000, 0) and time.Unix(int64(v), 0): whole seconds, truncated.
      const downAt = Math.trunc((found.timestamps[last] as number) / 1000) * 1000;
      const activeAt = Math.trunc(found.values[last] as number) * 1000;
      const remaining = holdMs - (downAt - activeAt);
      if (remaining <= 0) alert.activeAt = activeAt;
      else if (remaining < options.gracePeriodMs)
        alert.activeAt = ts + options.gracePeriodMs - holdMs;
      else alert.activeAt = activeAt + (ts - downAt);
    }
  } catch {
    // As in Prometheus: with no way to read the state, the alerts wait their whole `for`.
  } finally {
    rule.restored = true;
  }
}

/**
 * ALERTS_FOR_STATE{alertname, rule labels}: labels whose value is a template are left out,
 * since each alert expands them differently.
 */
function forStateMatchers(rule: AlertingRuleState): LabelMatcher[] {
  const labels = rule.seriesLabels('ALERTS_FOR_STATE', {}, []);
  return Object.entries(labels)
    .filter(([, value]) => !value.includes('{{'))
    .map(([name, value]) => ({ type: '=', name, value }));
}
