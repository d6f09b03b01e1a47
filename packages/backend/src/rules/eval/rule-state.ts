/**
 * What rule evaluation exposes to the rest of the backend: the state of every group, rule and
 * alert (read by /api/v1/rules, /api/v1/alerts and the UI), and the alerts handed to
 * Alertmanager. The evaluator writes these; the API and the notifier only read them.
 */
import type { Rule } from '../rule-types.js';

/** An alerting rule's state: the most severe state of its alerts, as Prometheus reports it. */
export type AlertRuleState = 'inactive' | 'pending' | 'firing';

/** `unknown` until the rule's first evaluation, then `ok` or `err` by its last one. */
export type RuleHealth = 'ok' | 'err' | 'unknown';

/** One alert of an alerting rule: one output series of its expression. */
export interface ActiveAlert {
  /** The series' labels, then the rule's (expanded) labels, then `alertname`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Expanded annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing';
  /** When the expression first returned this series (ms); restored after a restart. */
  readonly activeAt: number;
  /** The expression's value at the last evaluation. */
  readonly value: number;
  /** When the alert went from pending to firing (ms), once it has. */
  readonly firedAt?: number;
  /** While keep_firing_for holds the alert: when its expression stopped returning it (ms). */
  readonly keepFiringSince?: number;
}

export interface RuleStatus {
  readonly rule: Rule;
  readonly health: RuleHealth;
  /** The last evaluation's error, '' when it succeeded. */
  readonly lastError: string;
  /** When the rule was last evaluated (ms); undefined before its first evaluation. */
  readonly lastEvaluation?: number;
  /** How long the rule's last evaluation took (ms). */
  readonly evaluationTimeMs: number;
  /** Alerting rules: their state and their pending and firing alerts. */
  readonly state?: AlertRuleState;
  readonly alerts?: readonly ActiveAlert[];
}

export interface GroupStatus {
  readonly file: string;
  readonly name: string;
  /** The interval the group runs at (its own, or the default evaluation interval). */
  readonly intervalMs: number;
  readonly limit: number;
  readonly queryOffsetMs: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly lastEvaluation?: number;
  /** How long the group's last evaluation took (ms): prometheus_rule_group_last_duration_seconds. */
  readonly evaluationTimeMs: number;
  readonly rules: readonly RuleStatus[];
}

/** The rules as the API and the UI see them: a snapshot, taken when asked. */
export interface RulesView {
  groups(): readonly GroupStatus[];
}

/**
 * An alert as Prometheus posts it to Alertmanager's v2 API (postableAlert): RFC 3339 times, with
 * `endsAt` set as Prometheus sets it (a firing alert: evaluation time + 4 × max(resend delay,
 * group interval); a resolved one: when it resolved).
 */
export interface PostableAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL: string;
}

/** Where evaluation hands the alerts due to be sent; sending never blocks evaluation. */
export interface AlertSender {
  send(alerts: readonly PostableAlert[]): void;
}
