import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadRuleFiles } from './load-rule-files';
import { formatRuleFileError } from './rule-types';

const dir = mkdtempSync(join(tmpdir(), 'load-rule-files-'));
const group = (name: string) =>
  `groups:\n- name: ${name}\n  rules:\n  - record: ${name}:up\n    expr: up\n`;
before(() => {
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'b.yml'), group('b'));
  writeFileSync(join(dir, 'rules', 'a.yml'), group('a'));
  writeFileSync(join(dir, 'rules', 'notes.txt'), 'not a rule file');
  writeFileSync(join(dir, 'bad.yml'), 'groups:\n- name: x\n  rules:\n  - record: x\n');
  writeFileSync(join(dir, 'latin1.yml'), Buffer.from([0x67, 0x72, 0x6f, 0xe9, 0x0a]));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('patterns expand in order and every group of every file loads', async () => {
  const loaded = await loadRuleFiles([join(dir, 'rules', '*.yml'), join(dir, 'none', '*.yml')]);
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(loaded.files, [join(dir, 'rules', 'a.yml'), join(dir, 'rules', 'b.yml')]);
  assert.deepEqual(
    loaded.groups.map((g) => [g.file, g.name, g.rules.length]),
    [
      [join(dir, 'rules', 'a.yml'), 'a', 1],
      [join(dir, 'rules', 'b.yml'), 'b', 1],
    ],
  );
});

test('an error in any file loads no group at all and names the file', async () => {
  const cases: [string[], RegExp][] = [
    [
      [join(dir, 'rules', '*.yml'), join(dir, 'bad.yml')],
      /bad\.yml: 0:0: group "x", rule 1, "x": field 'expr' must be set/,
    ],
    [[join(dir, 'latin1.yml')], /latin1\.yml: not valid UTF-8 text/],
    [
      [join(dir, 'rules', '[a-.yml')],
      /error retrieving rule files for .*\[a-\.yml: syntax error in pattern/,
    ],
  ];
  for (const [patterns, expected] of cases) {
    const loaded = await loadRuleFiles(patterns);
    assert.deepEqual(loaded.groups, [], patterns.join(' '));
    assert.match(loaded.errors.map(formatRuleFileError).join('\n'), expected);
  }
});
