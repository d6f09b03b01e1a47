import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instantQuery, labelsFromRecord, MemoryStorage } from '@otel-lab/promql';
import { FakeClock, groupFromYaml, min } from './eval-test-support';
import { memorySampleSink } from './memory-sample-sink';
import { createRuleManager } from './rule-manager';

const T0 = 1_800_000_000_000;

const alerts = (forDuration: string, extraRule = '') =>
  groupFromYaml(`
groups:
- name: alerts
  rules:
  - alert: Errors
    expr: errors > 0
    for: ${forDuration}
  - record: errors:copy
    expr: errors
${extraRule}`);

const other = groupFromYaml(`
groups:
- name: other
  rules:
  - record: other:copy
    expr: errors
`);

async function running() {
  const storage = new MemoryStorage();
  for (let t = T0 - min(10); t <= T0 + min(60); t += 15_000) {
    storage.append(labelsFromRecord({ __name__: 'errors', job: 'a' }), t, 1);
  }
  const clock = new FakeClock(T0);
  const manager = createRuleManager({
    storage,
    sink: memorySampleSink(storage),
    defaultIntervalMs: min(1),
    now: clock.now,
    timers: clock,
  });
  const group = (name: string) => manager.view.groups().find((g) => g.name === name);
  const count = async (query: string) => {
    const result = await instantQuery(storage, `count(${query})`, clock.t);
    return result.resultType === 'vector' ? (result.result[0]?.v ?? 0) : -1;
  };
  return { clock, manager, group, count };
}

test('a reload keeps unchanged groups as they are and a changed group keeps its alerts', async () => {
  const { clock, manager, group } = await running();
  await manager.update([alerts('10m'), other]);
  manager.start();
  await clock.advanceTo(T0 + min(4));
  const activeAt = group('alerts')?.rules[0]?.alerts?.[0]?.activeAt as number;
  const otherBefore = group('other')?.lastEvaluation;
  assert.ok(activeAt > T0 && activeAt <= T0 + min(1));
  // A new rule in the group: the group is replaced, its Errors alert carried over.
  await manager.update([alerts('10m', '  - record: extra\n    expr: vector(1)'), other]);
  assert.equal(group('other')?.lastEvaluation, otherBefore, 'other was not restarted');
  assert.equal(
    group('alerts')?.rules[0]?.alerts?.[0]?.activeAt,
    activeAt,
    'right after the reload',
  );
  await clock.advanceTo(T0 + min(12));
  const [alert] = group('alerts')?.rules[0]?.alerts ?? [];
  assert.deepEqual([alert?.state, alert?.activeAt], ['firing', activeAt]);
  await manager.stop();
});

test('a firing alert whose for grows past its age goes back to pending after a reload', async () => {
  const { clock, manager, group } = await running();
  await manager.update([alerts('1m')]);
  manager.start();
  await clock.advanceTo(T0 + min(5));
  assert.equal(group('alerts')?.rules[0]?.state, 'firing');
  await manager.update([alerts('30m')]);
  await clock.advanceTo(T0 + min(7));
  assert.equal(group('alerts')?.rules[0]?.state, 'pending');
  await manager.stop();
});

test("a removed group's series go stale two intervals later; a removed rule's at the next evaluation", async () => {
  const { clock, manager, count } = await running();
  await manager.update([alerts('0s', '  - record: extra\n    expr: vector(1)'), other]);
  manager.start();
  await clock.advanceTo(T0 + min(3));
  assert.deepEqual(
    [await count('other:copy'), await count('extra'), await count('errors:copy')],
    [1, 1, 1],
  );
  await manager.update([alerts('0s')]);
  await clock.advanceTo(T0 + min(4) + 30_000);
  // The dropped rule `extra` is stale after the group's next evaluation; other:copy not yet.
  assert.deepEqual([await count('other:copy'), await count('extra')], [1, 0]);
  await clock.advanceTo(T0 + min(5) + 30_000);
  assert.deepEqual([await count('other:copy'), await count('errors:copy')], [0, 1]);
  assert.deepEqual(
    manager.view.groups().map((g) => g.name),
    ['alerts'],
  );
  await manager.stop();
});

test('a reload that does not compile throws and leaves the running groups alone', async () => {
  const { manager, group } = await running();
  await manager.update([other]);
  const broken = { ...other, name: 'broken', rules: [{ ...other.rules[0], expr: 'sum(' }] };
  await assert.rejects(manager.update([broken as typeof other]));
  assert.ok(group('other'));
  assert.equal(group('broken'), undefined);
  await manager.stop();
});

test('stop waits for a running evaluation', async () => {
  const storage = new MemoryStorage();
  let release: () => void = () => undefined;
  let finished = false;
  const clock = new FakeClock(T0);
  const manager = createRuleManager({
    storage: {
      select: (m, a, b) =>
        new Promise((resolve) => {
          release = () => resolve(storage.select(m, a, b));
        }),
    },
    sink: {
      append: async (batch) => {
        await memorySampleSink(storage).append(batch);
        finished = true;
      },
    },
    defaultIntervalMs: min(1),
    now: clock.now,
    timers: clock,
  });
  await manager.update([other]);
  manager.start();
  storage.append(labelsFromRecord({ __name__: 'errors' }), T0, 1);
  await clock.advanceTo(T0 + min(1));
  const stopping = manager.stop();
  let stopped = false;
  void stopping.then(() => {
    stopped = true;
  });
  await clock.advanceTo(T0 + min(1));
  assert.equal(stopped, false);
  release();
  await stopping;
  assert.equal(finished, true);
});
