import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryStorage } from '@otel-lab/promql';
import { memorySampleSink, type Timers } from './rules/eval/index.js';
import type { RuleGroup } from './rules/rule-types.js';
import { createRuleEvaluation, loadStartRules, RuleFilesError } from './rules-setup.js';

const dir = mkdtempSync(join(tmpdir(), 'rules-setup-'));

test('the start reads the rule files, or stops with every error of every file', async () => {
  writeFileSync(
    join(dir, 'good.yml'),
    'groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n',
  );
  writeFileSync(join(dir, 'bad.yml'), 'groups:\n- name: g\n- name: g\n');
  writeFileSync(
    join(dir, 'odd.yml'),
    'groups:\n- name: h\n  rules:\n  - record: r\n    value: 1\n',
  );
  assert.deepEqual(
    (await loadStartRules([join(dir, 'good.yml')])).map((g) => g.name),
    ['g'],
  );
  assert.deepEqual(await loadStartRules([]), []);
  await assert.rejects(
    loadStartRules([join(dir, '*.yml')]),
    (error: unknown) =>
      error instanceof RuleFilesError &&
      error.message ===
        `cannot start: the rule files (--rules) have errors:\n${join(dir, 'bad.yml')}: 3:3: groupname: "g" is repeated in the same file\n${join(dir, 'odd.yml')}: yaml: unmarshal errors:\n  line 5: field value not found in type rulefmt.RuleNode`,
  );
});

test('rules show and reload only once evaluation has started', async () => {
  const group: RuleGroup = {
    file: 'lab.yml',
    name: 'lab',
    limit: 0,
    labels: {},
    rules: [{ kind: 'recording', record: 'one', expr: 'vector(1)', labels: {} }],
  };
  // Timers that never fire: the test looks at the groups, not at their evaluations.
  const timers: Timers = { set: () => ({}), clear: () => {} };
  const storage = new MemoryStorage();
  const rules = createRuleEvaluation();
  assert.deepEqual(rules.view.groups(), []);
  await assert.rejects(rules.update([group]), /still starting/);
  await rules.start(
    { storage, sink: memorySampleSink(storage), defaultIntervalMs: 60_000, timers },
    [group],
  );
  assert.deepEqual(
    rules.view.groups().map((g) => [g.name, g.intervalMs, g.rules[0]?.health]),
    [['lab', 60_000, 'unknown']],
  );
  await rules.update([{ ...group, name: 'renamed' }]);
  assert.deepEqual(
    rules.view.groups().map((g) => g.name),
    ['renamed'],
  );
  // A group that does not compile leaves the running ones in place.
  await assert.rejects(
    rules.update([
      { ...group, rules: [{ kind: 'recording', record: 'x', expr: 'up +', labels: {} }] },
    ]),
  );
  assert.deepEqual(
    rules.view.groups().map((g) => g.name),
    ['renamed'],
  );
  await rules.stop();
});
