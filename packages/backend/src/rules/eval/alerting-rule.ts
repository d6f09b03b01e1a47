/**
 * An alerting rule's alerts from one evaluation to the next, as Prometheus's rules/alerting.go
 * keeps them: pending until `for` has passed, firing, kept firing for `keep_firing_for`, then
 * resolved and kept 15 minutes so the resolution is sent.
 */
import { type Labels, seriesKey } from '../../metrics/sample';
import type { AlertingRule } from '../rule-types';
import { compileRuleTemplate, type RuleTemplate } from '../template';
import { type AlertEntry, RESOLVED_RETENTION_MS, toActiveAlert } from './alert-entry';
import { setLabels } from './rule-labels';
import type { RuleSample } from './rule-query';
import type { ActiveAlert, AlertRuleState } from './rule-state';

export const DUPLICATE_ALERT_LABELSET =
  'vector contains metrics with the same labelset after applying alert labels';

export interface AlertContext {
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalUrl: string;
}

type Templates = readonly (readonly [string, RuleTemplate])[];

export class AlertingRuleState {
  /** Alerts by the key of their labels. */
  readonly active = new Map<string, AlertEntry>();
  /**
   * Whether ALERTS and ALERTS_FOR_STATE are written: false until the `for` state has been
   * restored after a start, so a restart does not write a reset activeAt.
   */
  restored = true;
  private readonly labelTemplates: Templates;
  private readonly annotationTemplates: Templates;

  constructor(
    readonly rule: AlertingRule,
    /** The group's labels with the rule's over them, unexpanded. */
    readonly ruleLabels: Readonly<Record<string, string>>,
    private readonly context: AlertContext,
  ) {
    const name = `__alert_${rule.alert}`;
    const compile = (entries: Record<string, string>): Templates =>
      Object.keys(entries)
        .sort()
        .map((k) => [k, compileRuleTemplate(entries[k] as string, name)] as const);
    this.labelTemplates = compile({ ...ruleLabels });
    this.annotationTemplates = compile(rule.annotations);
  }

  /**
   * Updates the alerts from the expression's result at `ts` and returns the ALERTS and
   * ALERTS_FOR_STATE samples to write (stamped `queryTs`, the evaluation time minus the offset).
   */
  update(results: readonly RuleSample[], ts: number, limit: number): RuleSample[] {
    const fresh = new Map<string, AlertEntry>();
    for (const sample of results) {
      const data = {
        labels: { ...sample.labels },
        externalLabels: { ...this.context.externalLabels },
        externalURL: this.context.externalUrl,
        value: sample.value,
      };
      const expanded = this.labelTemplates.map(([k, t]) => [k, t.expand(data)] as const);
      const labels = setLabels(
        sample.labels,
        [...expanded, ['alertname', this.rule.alert]],
        ['__name__'],
      );
      const key = seriesKey(labels);
      if (fresh.has(key)) throw new Error(DUPLICATE_ALERT_LABELSET);
      const annotations = Object.fromEntries(
        this.annotationTemplates.map(([k, t]) => [k, t.expand(data)]),
      );
      fresh.set(key, { labels, annotations, activeAt: ts, state: 'pending', value: sample.value });
    }
    for (const [key, alert] of fresh) {
      const known = this.active.get(key);
      if (known !== undefined && known.state !== 'inactive') {
        known.value = alert.value;
        known.annotations = alert.annotations;
      } else {
        this.active.set(key, alert);
      }
    }
    return this.advance(fresh, ts, limit);
  }

  private advance(fresh: Map<string, AlertEntry>, ts: number, limit: number): RuleSample[] {
    const out: RuleSample[] = [];
    const { forMs, keepFiringForMs } = this.rule;
    let activeCount = 0;
    for (const [key, a] of this.active) {
      if (!fresh.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && keepFiringForMs > 0) {
          a.keepFiringSince ??= ts;
          keepFiring = ts - a.keepFiringSince < keepFiringForMs;
        }
        const expired = a.resolvedAt !== undefined && ts - a.resolvedAt > RESOLVED_RETENTION_MS;
        if (a.state === 'pending' || expired) this.active.delete(key);
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive';
          a.resolvedAt = ts;
        }
        if (!keepFiring) continue;
      } else {
        a.keepFiringSince = undefined;
      }
      activeCount++;
      if (a.state === 'pending' && ts - a.activeAt >= forMs) {
        a.state = 'firing';
        a.firedAt = ts;
      }
      // A reload may lengthen `for`: a firing alert younger than the new one is pending again.
      if (a.state === 'firing' && ts - a.activeAt < forMs) {
        a.state = 'pending';
        a.firedAt = undefined;
        a.lastSentAt = undefined;
        a.keepFiringSince = undefined;
      }
      if (this.restored) out.push(...this.seriesOf(a));
    }
    if (limit > 0 && activeCount > limit) {
      this.active.clear();
      throw new Error(`exceeded limit of ${limit} with ${activeCount} alerts`);
    }
    return out;
  }

  /** ALERTS{…, alertstate} = 1 and ALERTS_FOR_STATE{…} = activeAt in seconds. */
  private seriesOf(a: AlertEntry): RuleSample[] {
    return [
      {
        labels: this.seriesLabels('ALERTS', a.labels, [['alertstate', a.state]]),
        value: 1,
      },
      {
        labels: this.seriesLabels('ALERTS_FOR_STATE', a.labels, []),
        value: Math.floor(a.activeAt / 1000),
      },
    ];
  }

  /** Rule labels as written (unexpanded), the alert's over them, then name and alertname. */
  seriesLabels(name: string, alertLabels: Labels, extra: [string, string][]): Labels {
    return setLabels(this.ruleLabels, [
      ...Object.entries(alertLabels),
      ['__name__', name],
      ['alertname', this.rule.alert],
      ...extra,
    ]);
  }

  /** The most severe state of the rule's alerts. */
  state(): AlertRuleState {
    let state: AlertRuleState = 'inactive';
    for (const a of this.active.values()) {
      if (a.state === 'firing') return 'firing';
      if (a.state === 'pending') state = 'pending';
    }
    return state;
  }

  /** Pending and firing alerts (resolved ones left out), in label order. */
  alerts(): ActiveAlert[] {
    return [...this.active.entries()]
      .filter(([, a]) => a.resolvedAt === undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, a]) => toActiveAlert(a));
  }
}
