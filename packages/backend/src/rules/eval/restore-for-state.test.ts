import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelsFromRecord, MemoryStorage } from '@otel-lab/promql';
import { FakeClock, groupFromYaml, min } from './eval-test-support';
import { memorySampleSink } from './memory-sample-sink';
import { createRuleManager } from './rule-manager';

const T0 = 1_800_000_000_000;
const DOWN = T0 - min(2); // the last ALERTS_FOR_STATE sample before the restart

/**
 * Each job's alert as the previous process left it: [job, activeAt before the restart (or the
 * last sample a stale marker), when its last sample was written].
 */
const before: [string, number | 'stale', number][] = [
  ['pending-long', DOWN - min(5), DOWN], // 25m of `for` left: waits them plus the downtime
  ['pending-near', DOWN - min(25), DOWN], // 5m left, under the 10m grace: fires 10m after restore
  ['firing', DOWN - min(40), DOWN], // was firing: fires again at the next evaluation
  ['resolved', 'stale', DOWN], // ended before the restart: starts afresh
  ['too-old', DOWN - min(100) - min(5), DOWN - min(100)], // past the 1h outage tolerance
];

async function restart(forDuration: string) {
  const storage = new MemoryStorage();
  for (const [job, activeAt, at] of before) {
    const labels = labelsFromRecord({ __name__: 'ALERTS_FOR_STATE', alertname: 'Errors', job });
    if (activeAt === 'stale') {
      storage.append(labels, at - min(1), (DOWN - min(3)) / 1000);
      storage.appendStale(labels, at);
    } else storage.append(labels, at, activeAt / 1000);
    for (let t = T0 - min(1); t <= T0 + min(10); t += 15_000) {
      storage.append(labelsFromRecord({ __name__: 'errors', job }), t, 1);
    }
  }
  const clock = new FakeClock(T0);
  const manager = createRuleManager({
    storage,
    sink: memorySampleSink(storage),
    defaultIntervalMs: min(1),
    now: clock.now,
    timers: clock,
  });
  await manager.update([
    groupFromYaml(
      `groups:\n- name: g\n  rules:\n  - alert: Errors\n    expr: errors > 0\n    for: ${forDuration}\n`,
    ),
  ]);
  manager.start();
  const evaluations: number[] = [];
  while (evaluations.length < 3) {
    await clock.advanceTo(clock.t + 1000);
    const last = manager.view.groups()[0]?.lastEvaluation;
    if (last !== undefined && last !== evaluations.at(-1)) evaluations.push(last);
  }
  const activeAt = Object.fromEntries(
    (manager.view.groups()[0]?.rules[0]?.alerts ?? []).map((a) => [a.labels.job, a.activeAt]),
  );
  await manager.stop();
  return { evaluations, activeAt, storage };
}

test("after a restart, the second evaluation restores each alert's activeAt from ALERTS_FOR_STATE", async () => {
  const { evaluations, activeAt, storage } = await restart('30m');
  const [first, second] = evaluations as [number, number];
  // Restored at the second evaluation (the fake clock stands still while it runs).
  assert.deepEqual(activeAt, {
    'pending-long': DOWN - min(5) + (second - DOWN),
    'pending-near': second + min(10) - min(30),
    firing: DOWN - min(40),
    resolved: first,
    'too-old': first,
  });
  // Nothing is written to ALERTS_FOR_STATE before the restore, the restored times after.
  const written = storage
    .select([{ type: '=', name: '__name__', value: 'ALERTS_FOR_STATE' }], T0, T0 + min(10))
    .map((s) => ({
      job: s.labels.find((l) => l.name === 'job')?.value ?? '',
      timestamps: Array.from(s.timestamps),
      values: Array.from(s.values),
    }));
  assert.equal(written.length, 5);
  const restored: Record<string, number> = activeAt;
  for (const { job, timestamps, values } of written) {
    assert.deepEqual(timestamps, [evaluations[2]], job);
    assert.deepEqual(values, [Math.floor((restored[job] as number) / 1000)], job);
  }
});

test('a for shorter than the grace period is not restored: the alert waits all of it again', async () => {
  const { evaluations, activeAt } = await restart('5m');
  for (const job of ['pending-long', 'pending-near', 'firing', 'resolved', 'too-old']) {
    assert.equal(activeAt[job], evaluations[0], job);
  }
});
