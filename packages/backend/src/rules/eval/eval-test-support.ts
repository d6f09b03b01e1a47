/** Test support for rule evaluation: rule groups from YAML, series loading, results read back. */
import { instantQuery, labelsFromRecord, labelsToRecord, MemoryStorage } from '@otel-lab/promql';
import { parseRuleFile } from '../parse-rule-file';
import type { RuleGroup } from '../rule-types';
import { createGroupEvaluator, type GroupEvaluatorOptions } from './group-evaluator';
import type { Timers } from './group-runner';
import { memorySampleSink } from './memory-sample-sink';
import type { PostableAlert } from './rule-state';

/** The one group of a rule file's YAML; throws with every error if the file is invalid. */
export function groupFromYaml(yaml: string, file = 'test.rules.yml'): RuleGroup {
  const { groups, errors } = parseRuleFile(file, yaml);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return groups[0] as RuleGroup;
}

/** Appends `values[i]` at `i × stepMs` (null leaves a gap, 'stale' writes a stale marker). */
export function load(
  storage: MemoryStorage,
  labels: Record<string, string>,
  values: readonly (number | null | 'stale')[],
  stepMs = 60_000,
): void {
  const set = labelsFromRecord(labels);
  values.forEach((v, i) => {
    if (v === 'stale') storage.appendStale(set, i * stepMs);
    else if (v !== null) storage.append(set, i * stepMs, v);
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

/** A clock and timers that move only when told: timers fire in time order, each one settled. */
export class FakeClock implements Timers {
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private nextId = 0;
  constructor(public t: number) {}
  readonly now = () => this.t;
  set(callback: () => void, delayMs: number): unknown {
    this.nextId++;
    this.pending.set(this.nextId, { at: this.t + delayMs, callback });
    return this.nextId;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Runs every timer due up to `target` in order, letting each callback's promises settle. */
  async advanceTo(target: number): Promise<void> {
    for (let guard = 0; guard < 10_000; guard++) {
      await settle();
      const due = [...this.pending]
        .filter(([, p]) => p.at <= target)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].callback();
    }
    this.t = Math.max(this.t, target);
    await settle();
  }
}

/** Lets every promise chain that needs no I/O run to its end. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
