/** The query a rule runs at each evaluation, as Prometheus's EngineQueryFunc runs it. */
import {
  type Expr,
  type FloatHistogram,
  instantQuery,
  type Label,
  type Storage,
} from '@otel-lab/promql';
import { type Labels, sortedLabels } from '../../metrics/sample';

/** One sample of a rule's result: labels (`__name__` included, sorted) and value. */
export interface RuleSample {
  readonly labels: Labels;
  /** The float value; 0 for a histogram, as Prometheus's sample holds (an alert's $value). */
  readonly value: number;
  /** Set when the sample is a native histogram: a recording rule records it as one. */
  readonly histogram?: FloatHistogram;
}

/** Limits on each rule's query; unset ones take the engine's defaults. */
export interface RuleQueryLimits {
  readonly timeoutMs?: number;
  readonly maxSamples?: number;
  readonly lookbackDeltaMs?: number;
  /**
   * The step of subqueries that give none (`[1h:]`); Prometheus's rule engine uses the global
   * evaluation interval, which is the default here too (the group evaluator's defaultIntervalMs).
   */
  readonly defaultSubqueryStepMs?: number;
}

/**
 * Evaluates `expr` at `timeMs`: a vector as it is, a scalar as one sample without labels, and
 * anything else refused with Prometheus's message. Query errors propagate with the engine's text.
 */
export async function queryForRule(
  storage: Storage,
  expr: Expr,
  text: string,
  timeMs: number,
  limits: RuleQueryLimits,
): Promise<RuleSample[]> {
  const result = await instantQuery(storage, expr, timeMs, {
    queryText: text,
    ...(limits.timeoutMs === undefined ? {} : { timeoutMs: limits.timeoutMs }),
    ...(limits.maxSamples === undefined ? {} : { maxSamples: limits.maxSamples }),
    ...(limits.lookbackDeltaMs === undefined ? {} : { lookbackDelta: limits.lookbackDeltaMs }),
    ...(limits.defaultSubqueryStepMs === undefined
      ? {}
      : { defaultSubqueryStep: limits.defaultSubqueryStepMs }),
  });
  switch (result.resultType) {
    case 'vector':
      return result.result.map((s) =>
        s.h
          ? { labels: labelsOf(s.metric), value: 0, histogram: s.h }
          : { labels: labelsOf(s.metric), value: s.v },
      );
    case 'scalar':
      return [{ labels: {}, value: result.result.v }];
    default:
      throw new Error('rule result is not a vector or scalar');
  }
}

/** The engine's label array as a store label set: as it is when sorted (it is), sorted if not. */
function labelsOf(metric: readonly Label[]): Labels {
  for (let i = 1; i < metric.length; i++) {
    if ((metric[i - 1] as Label).name >= (metric[i] as Label).name) {
      return sortedLabels(metric.map((l) => [l.name, l.value]));
    }
  }
  return Object.fromEntries(metric.map((l) => [l.name, l.value]));
}
