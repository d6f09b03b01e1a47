import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage, type Storage } from '@otel-lab/promql';
import { Registry } from 'prom-client';
import { groupHash, slotOffsetNs } from './eval-slots';
import { FakeClock, groupFromYaml, min } from './eval-test-support';
import { memorySampleSink } from './memory-sample-sink';
import { createRuleManager, type RuleManagerOptions } from './rule-manager';

const T0 = 1_800_000_000_000; // a whole minute

function setup(storage: Storage = new MemoryStorage(), extra: Partial<RuleManagerOptions> = {}) {
  const memory = storage instanceof MemoryStorage ? storage : new MemoryStorage();
  const clock = new FakeClock(T0);
  const manager = createRuleManager({
    storage,
    sink: memorySampleSink(memory),
    defaultIntervalMs: min(1),
    now: clock.now,
    timers: clock,
    ...extra,
  });
  return { clock, manager, memory };
}

const recording = (name: string, interval = '1m') =>
  groupFromYaml(`
groups:
- name: ${name}
  interval: ${interval}
  rules:
  - record: one
    expr: vector(1)
`);

const evaluatedAt = (manager: ReturnType<typeof setup>['manager'], name: string) =>
  manager.view.groups().find((g) => g.name === name)?.lastEvaluation;

test('each group runs at its own fixed phase of the interval, set by a hash of file and name', async () => {
  const phases = new Map<string, number>();
  for (const startAt of [T0, T0 + 17_321, T0 + min(7) + 59_999]) {
    const { clock, manager } = setup();
    clock.t = startAt;
    await manager.update([recording('a'), recording('b')]);
    manager.start();
    await clock.advanceTo(startAt + min(1));
    for (const name of ['a', 'b']) {
      // The first evaluation is at the group's first slot after the start.
      const last = evaluatedAt(manager, name) as number;
      assert.ok(last > startAt && last <= startAt + min(1), `${name} at ${last - startAt}`);
      const phase = last % min(1);
      assert.equal(phases.get(name) ?? phase, phase, `${name} keeps its phase`);
      phases.set(name, phase);
      const offset = slotOffsetNs(await groupHash('test.rules.yml', name), min(1));
      assert.equal(phase, Number(offset / 1_000_000n));
    }
    await manager.stop();
  }
  assert.notEqual(phases.get('a'), phases.get('b'));
});

test('slots passed during a slow evaluation are skipped and counted, and other groups keep time', async () => {
  const memory = new MemoryStorage();
  let release: (() => void) | undefined;
  // The first query of the slow group waits until the test releases it.
  const storage: Storage = {
    select(matchers, minT, maxT) {
      const slow = matchers.some((m) => m.value === 'slow_input');
      if (!slow || release !== undefined) return memory.select(matchers, minT, maxT);
      return new Promise((resolve) => {
        release = () => resolve(memory.select(matchers, minT, maxT));
      });
    },
  };
  const registry = new Registry();
  const { clock, manager } = setup(storage, { registry, sink: memorySampleSink(memory) });
  const slow = groupFromYaml(
    'groups:\n- name: slow\n  rules:\n  - record: s\n    expr: vector(1) + count(slow_input)\n',
  );
  await manager.update([slow, recording('fast')]);
  manager.start();
  await clock.advanceTo(T0 + min(2));
  const fastBefore = evaluatedAt(manager, 'fast') as number;
  assert.equal(evaluatedAt(manager, 'slow'), undefined, 'the slow group is still evaluating');
  await clock.advanceTo(T0 + min(5) + 30_000);
  assert.equal(evaluatedAt(manager, 'fast'), fastBefore + min(3), 'fast kept its schedule');
  release?.();
  await clock.advanceTo(T0 + min(20));
  const text = await registry.metrics();
  const value = (name: string) =>
    Number(
      new RegExp(`^prometheus_${name}\\{rule_group="test.rules.yml;slow"\\} (\\S+)$`, 'm').exec(
        text,
      )?.[1],
    );
  // Started in its first slot (in the first minute), it ended at 5m30s, 4.5 to 5.5 intervals
  // later: the 3 or 4 slots it overlapped were missed, the next one ran at the latest slot.
  const missed = value('rule_group_iterations_missed_total');
  assert.ok(missed === 3 || missed === 4, `missed ${missed}`);
  const executed = value('rule_evaluations_total');
  assert.equal(value('rule_group_iterations_total'), executed + missed);
  assert.equal(value('rule_group_rules'), 1);
  assert.equal(value('rule_group_interval_seconds'), 60);
  assert.equal(value('rule_evaluation_failures_total'), 0);
  assert.equal(
    value('rule_group_last_evaluation_timestamp_seconds') * 1000,
    evaluatedAt(manager, 'slow'),
  );
  assert.ok(value('rule_group_last_duration_seconds') >= 0);
  await manager.stop();
});
