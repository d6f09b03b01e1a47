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
  /** The rules whose last evaluation failed: `name: error`. */
  failures: string[];
}

/** Every series a recording rule wrote: their names follow level:metric:operations. */
export const RECORDED_SERIES_QUERY = 'count({__name__=~"[a-z_]+:[a-z_0-9]+:[a-z_0-9]+"})';
export const ALERTS_QUERY = 'count by (alertstate) (ALERTS)';

/** An instant query's vector as the two queries above give it: `alertstate` and value. */
export type CountVector = { alertstate?: string; value: number }[];

export function alertCounts(vector: CountVector): RuleRun['alerts'] {
  const of = (state: string) => vector.find((s) => s.alertstate === state)?.value ?? 0;
  return { pending: of('pending'), firing: of('firing') };
}

/** Adds one evaluation's time of each rule. */
export function addRuleTimes(into: Map<string, number[]>, rules: { name: string; ms: number }[]) {
  for (const { name, ms } of rules) {
    const times = into.get(name);
    if (times) times.push(ms);
    else into.set(name, [ms]);
  }
}
