import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { PROMTOOL_BIN, skipWithout } from '@otel-lab/testkit';
import { benchRuleFile, FIRST_RECORD } from './rules-bench-file.js';

test('promtool check rules accepts the bench group: 100 recording and 20 alerting rules', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, async () => {
  const file = benchRuleFile('5s');
  assert.deepEqual([file.recording, file.alerting], [100, 20]);
  const dir = mkdtempSync(join(tmpdir(), 'bench-rules-'));
  try {
    writeFileSync(join(dir, 'bench.rules.yml'), file.yaml);
    const { stdout } = await promisify(execFile)(PROMTOOL_BIN, [
      'check',
      'rules',
      join(dir, 'bench.rules.yml'),
    ]);
    assert.match(stdout, /SUCCESS: 120 rules found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every recorded series a rule reads is recorded by a rule before it; names are unique', () => {
  const { yaml } = benchRuleFile('1m');
  const recorded = new Set<string>();
  const names = new Set<string>();
  let reads = 0;
  for (const [, kind, value] of yaml.matchAll(/^ *(?:- )?(record|alert|expr): (.*)$/gm)) {
    const text = kind === 'expr' ? JSON.parse(value as string) : value;
    if (kind === 'expr') {
      for (const [name] of (text as string).matchAll(/\b[a-z_]+:[a-z_0-9]+:[a-z_0-9]+\b/g)) {
        assert.ok(recorded.has(name), `${name} is read before it is recorded`);
        reads++;
      }
      continue;
    }
    assert.ok(!names.has(text), `${text} twice`);
    names.add(text);
    if (kind === 'record') recorded.add(text);
  }
  assert.equal(names.size, 120);
  // bench:rules reads each evaluation's time from the first rule's output.
  assert.equal([...recorded][0], FIRST_RECORD);
  assert.ok(reads >= 40, `only ${reads} reads of recorded series`);
});
