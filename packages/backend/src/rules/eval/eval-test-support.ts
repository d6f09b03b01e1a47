/** Test support for rule evaluation: rule groups from YAML, series loading, results read back. */
import { instantQuery, labelsFromRecord, labelsToRecord, MemoryStorage } from '@otel-lab/promql';
import { parseRuleFile } from '../parse-rule-file';
import type { RuleGroup } from '../rule-types';
import { createGroupEvaluator, type GroupEvaluatorOptions } from './group-evaluator';
import { memorySampleSink } from './memory-sample-sink';
import type { PostableAlert } from './rule-state';

/** The one group of a rule file's YAML; throws with every error if the file is invalid. */
export function groupFromYaml(yaml: string, file = 'test.rules.yml'): RuleGroup {
  const { groups, errors } = parseRuleFile(file, yaml);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return groups[0] as RuleGroup;
}

/** Appends `values[i]` at `i × stepMs` (null leaves a gap). */
export function load(
  storage: MemoryStorage,
  labels: Record<string, string>,
  values: readonly (number | null)[],
  stepMs = 60_000,
): void {
  const set = labelsFromRecord(labels);
  values.forEach((v, i) => {
    if (v !== null) storage.append(set, i * stepMs, v);
  });
}

/** A group evaluator over a fresh MemoryStorage, with every send recorded. */
export function harness(yaml: string, options: Partial<GroupEvaluatorOptions> = {}) {
  const storage = new MemoryStorage();
  const sent: { ts: number; alerts: readonly PostableAlert[] }[] = [];
  let clock = 0;
  const evaluator = createGroupEvaluator(groupFromYaml(yaml), {
    storage,
    sink: memorySampleSink(storage),
    defaultIntervalMs: 60_000,
    sender: { send: (alerts) => sent.push({ ts: clock, alerts }) },
    ...options,
  });
  const evaluate = async (ts: number) => {
    clock = ts;
    await evaluator.evaluate(ts);
  };
  /** `query`'s result at `ts` as [labels as text, value] pairs, sorted. */
  const read = async (query: string, ts: number): Promise<[string, number][]> => {
    const result = await instantQuery(storage, query, ts);
    if (result.resultType !== 'vector') throw new Error(`not a vector: ${result.resultType}`);
    return result.result
      .map((s): [string, number] => [JSON.stringify(labelsToRecord(s.metric)), s.v])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  };
  return { storage, evaluator, evaluate, read, sent };
}

export const min = (m: number) => m * 60_000;
