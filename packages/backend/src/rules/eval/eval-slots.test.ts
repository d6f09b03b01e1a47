import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { skipWithout, startRealPrometheus } from '@otel-lab/testkit';
import { evalTimestamp, groupHash, slotOffsetNs } from './eval-slots';

const s = 1000;

test('evalTimestamp: the latest slot at or before now, slots at the interval plus the offset', () => {
  const offset = 15_500_000_000n; // 15.5 s
  const cases: [now: number, slot: number][] = [
    [100 * s, 75.5 * s],
    [75.5 * s, 75.5 * s],
    [75.5 * s - 1, 15.5 * s],
    [15.5 * s, 15.5 * s],
  ];
  for (const [now, slot] of cases) assert.equal(evalTimestamp(now, 60 * s, offset), slot, `${now}`);
  // A sub-millisecond offset lands slots on the millisecond below, as Go's time to ms does.
  assert.equal(evalTimestamp(200 * s, 60 * s, 1_999_999n), 180 * s + 1);
});

const prometheusSkip = skipWithout('/usr/bin/prometheus', 'apt-get install prometheus');

test('groups run at the phase a real Prometheus gives them', { skip: prometheusSkip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eval-slots-'));
  const file = join(dir, 'slots.rules.yml');
  const names = ['lab', 'payments', 'a much longer group name: with spaces and ünïcode'];
  writeFileSync(
    file,
    `groups:\n${names.map((n, i) => `- name: ${JSON.stringify(n)}\n  interval: 2s\n  rules:\n  - record: slot_${i}\n    expr: vector(1)\n`).join('')}`,
  );
  const prometheus = await startRealPrometheus({
    dir,
    config: `global:\n  evaluation_interval: 2s\nrule_files: [${JSON.stringify(file)}]\n`,
  });
  try {
    for (const [i, name] of names.entries()) {
      const expected = Number(slotOffsetNs(await groupHash(file, name), 2 * s) / 1_000_000n);
      let times: number[] = [];
      for (let attempt = 0; attempt < 100 && times.length < 2; attempt++) {
        const body = (await prometheus.api('query', { query: `slot_${i}[1m]` })) as {
          data: { result: { values: [number, string][] }[] };
        };
        times = body.data.result[0]?.values.map(([t]) => Math.round(t * 1000)) ?? [];
        if (times.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.ok(times.length >= 2, `${name}: Prometheus evaluated it twice`);
      for (const t of times) assert.equal(t % (2 * s), expected, name);
    }
  } finally {
    await prometheus.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
