/**
 * /api/v1/rules and /api/v1/alerts as Prometheus 3 answers them (web/api/v1/api.go: RuleGroup,
 * AlertingRule, RecordingRule, Alert). Times are RFC 3339; Go's zero time (0001-01-01…) means
 * "never evaluated". Durations and evaluation times are in seconds.
 */

export type RuleHealth = 'ok' | 'err' | 'unknown';
export type AlertState = 'pending' | 'firing';
/** Prometheus 3 reports `unknown` until an alerting rule's first evaluation. */
export type AlertRuleState = 'unknown' | 'inactive' | AlertState;
/** The states the page filters by: a rule not yet evaluated is in none of them. */
export type FilterState = Exclude<AlertRuleState, 'unknown'>;

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  /** The expression's value, as a string (Prometheus formats floats so). */
  value: string;
  activeAt?: string;
  keepFiringSince?: string;
}

interface RuleCommon {
  name: string;
  query: string;
  labels?: Record<string, string> | null;
  health: RuleHealth;
  lastError?: string;
  evaluationTime: number;
  lastEvaluation: string;
}

export interface AlertingRule extends RuleCommon {
  type: 'alerting';
  state: AlertRuleState;
  /** `for`, seconds. */
  duration: number;
  keepFiringFor?: number;
  annotations?: Record<string, string> | null;
  alerts?: PromAlert[] | null;
}

export interface RecordingRule extends RuleCommon {
  type: 'recording';
}

export type PromRule = AlertingRule | RecordingRule;

export interface RuleGroup {
  name: string;
  file: string;
  rules: PromRule[];
  /** Seconds. */
  interval: number;
  limit?: number;
  evaluationTime: number;
  lastEvaluation: string;
}

export interface RulesData {
  groups: RuleGroup[];
}

export interface AlertsData {
  alerts: PromAlert[];
}
