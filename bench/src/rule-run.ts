/**
 * What bench:rules keeps of one side's run of the rule group (Prometheus's or ours), and the
 * queries that check both did the same work: as many recorded series and alerts in each state at
 * the last evaluation.
 */
import type { GroupEvaluation } from './rule-group-gauges.js';

export interface RuleRun {
  /** The measured evaluations: when each ran (ms) and how long it took (s). */
  evaluations: GroupEvaluation[];
  /** Ours only: of each measured evaluation, the time (ms) spent writing the rules' output. */
  writeMs?: number[];
  /** Ours only: how many writes (transactions) the last measured evaluation made. */
  writes?: number;
  /** Each rule's evaluation times (ms) over the measured evaluations, by rule name. */
  ruleMs: Map<string, number[]>;
  /** Series of the recording rules at the last evaluation. */
  recordedSeries: number;
  /** ALERTS series at the last evaluation, by alertstate. */
  alerts: { pending: number; firing: number };
  /** The same by alert and state: `AppBusyOver5m firing` → count. */
  alertsByName: Map<string, number>;
  /** The rules whose last evaluation failed: `name: error`. */
  failures: string[];
}

/** Every series a recording rule wrote: their names follow level:metric:operations. */
export const RECORDED_SERIES_QUERY = 'count({__name__=~"[a-z_]+:[a-z_0-9]+:[a-z_0-9]+"})';
export const ALERTS_QUERY = 'count by (alertname, alertstate) (ALERTS)';

/** When the series `record` was last written (s): the time of the evaluation that wrote it. */
export const evaluationTimeQuery = (record: string) => `max(timestamp(${record}))`;

/** An instant query's vector: each sample's labels and value. */
export type CountVector = { labels: Record<string, string>; value: number }[];

/** ALERTS_QUERY's answer, by state and by alert and state. */
export function alertCounts(vector: CountVector): Pick<RuleRun, 'alerts' | 'alertsByName'> {
  const alerts = { pending: 0, firing: 0 };
  const alertsByName = new Map<string, number>();
  for (const { labels, value } of vector) {
    if (labels.alertstate === 'pending' || labels.alertstate === 'firing') {
      alerts[labels.alertstate] += value;
    }
    alertsByName.set(`${labels.alertname} ${labels.alertstate}`, value);
  }
  return { alerts, alertsByName };
}

/** Adds one evaluation's time of each rule. */
export function addRuleTimes(into: Map<string, number[]>, rules: { name: string; ms: number }[]) {
  for (const { name, ms } of rules) {
    const times = into.get(name);
    if (times) times.push(ms);
    else into.set(name, [ms]);
  }
}
