import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { RuleFiles, RuleGroup } from '../rule-types.js';
import { registerReloadMetrics } from './reload-metrics.js';
import { createRuleReloader } from './rule-reloader.js';

const group = (name: string): RuleGroup => ({
  file: 'r.yml',
  name,
  limit: 0,
  labels: {},
  rules: [],
});
const good = (name: string): RuleFiles => ({ files: ['r.yml'], groups: [group(name)], errors: [] });
const bad: RuleFiles = {
  files: ['r.yml'],
  groups: [],
  errors: [{ file: 'r.yml', at: [{ line: 3, column: 3 }], message: 'Groupname must not be empty' }],
};

/** A reloader whose files read as `answers`, one per reload, and what it applied. */
function reloaderOver(answers: (RuleFiles | Error)[]) {
  const applied: string[][] = [];
  let clock = 1_000;
  const reloader = createRuleReloader({
    patterns: ['r.yml'],
    loadedAt: 500,
    now: () => clock,
    load: async () => {
      clock += 1_000;
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? good('last');
    },
    apply: (groups) => {
      applied.push(groups.map((g) => g.name));
    },
  });
  return { reloader, applied };
}

test('a good reload applies its groups; a bad one keeps the old and says why', async () => {
  const { reloader, applied } = reloaderOver([good('a'), bad, new Error('EACCES: r.yml')]);
  assert.deepEqual([reloader.lastSuccessful(), reloader.lastSuccessAt()], [true, 500]);
  assert.deepEqual(await reloader.reload(), { ok: true, errors: [] });
  assert.deepEqual([reloader.lastSuccessful(), reloader.lastSuccessAt()], [true, 2_000]);
  assert.deepEqual(await reloader.reload(), {
    ok: false,
    errors: ['r.yml: 3:3: Groupname must not be empty'],
  });
  assert.deepEqual(await reloader.reload(), { ok: false, errors: ['EACCES: r.yml'] });
  assert.deepEqual([reloader.lastSuccessful(), reloader.lastSuccessAt()], [false, 2_000]);
  assert.deepEqual(applied, [['a']]);
});

test('reloads asked at once run one after another, in order', async () => {
  const { reloader, applied } = reloaderOver([good('1'), bad, good('3')]);
  const outcomes = await Promise.all([reloader.reload(), reloader.reload(), reloader.reload()]);
  assert.deepEqual(
    outcomes.map((o) => o.ok),
    [true, false, true],
  );
  assert.deepEqual(applied, [['1'], ['3']]);
  assert.equal(reloader.lastSuccessful(), true);
});

test("the outcome is in the backend's metrics under Prometheus's names", async () => {
  const { reloader } = reloaderOver([bad]);
  const registry = new Registry();
  registerReloadMetrics(registry, reloader);
  const before = await registry.metrics();
  assert.match(before, /^prometheus_config_last_reload_successful 1$/m);
  assert.match(before, /^prometheus_config_last_reload_success_timestamp_seconds 0\.5$/m);
  await reloader.reload();
  assert.match(await registry.metrics(), /^prometheus_config_last_reload_successful 0$/m);
});
