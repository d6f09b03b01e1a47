import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PROMTOOL_BIN, sharedConformance, skipWithout } from '@otel-lab/testkit';
import { loadRuleFiles } from './load-rule-files';
import { RULE_FILE_CASES } from './rule-file-cases';
import { formatRuleFileError } from './rule-types';

/**
 * What Debian's promtool (2.42) says of the rule file: accepted (exit 0), and its errors, printed
 * after `  FAILED:` one per `file: ` line, with the indented lines of a multi-line one joined.
 */
function promtoolCheck(file: string): Promise<{ ok: boolean; errors: string[] }> {
  return new Promise((resolve) =>
    execFile(PROMTOOL_BIN, ['check', 'rules', file], (error, _stdout, stderr) => {
      const errors: string[] = [];
      for (const line of (stderr.split('  FAILED:\n')[1] ?? '').split('\n')) {
        if (line.startsWith(`${file}: `)) errors.push(line);
        else if (line.startsWith('  ') && errors.length > 0)
          errors.push(`${errors.pop()}\n${line}`);
      }
      resolve({ ok: error === null, errors });
    }),
  );
}

async function weAccept(file: string): Promise<{ ok: boolean; errors: string[] }> {
  const { errors } = await loadRuleFiles([file]);
  return { ok: errors.length === 0, errors: errors.map(formatRuleFileError) };
}

describe('rule files against promtool check rules', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-vs-promtool-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Cases with `differs` are deliberate differences (the reason is in the case); every other case
  // must print promtool's exact error lines, in any order (Go ranges over label maps at random).
  test('promtool and we print the same error lines for the same files', async () => {
    const sorted = (lines: string[]) => [...lines].sort();
    await Promise.all(
      RULE_FILE_CASES.map(async (c, i) => {
        const file = join(dir, `case-${i}.yml`);
        writeFileSync(file, c.yaml);
        const promtool = await promtoolCheck(file);
        assert.equal(promtool.ok, c.promtoolOk ?? c.ok, `promtool on ${c.name}`);
        const ours = await weAccept(file);
        assert.equal(ours.ok, c.ok, `${c.name}: ${ours.errors.join('\n')}`);
        if (c.differs === undefined)
          assert.deepEqual(sorted(ours.errors), sorted(promtool.errors), c.name);
      }),
    );
  });

  const corpus = sharedConformance('prometheus-rules');
  for (const folder of ['rules-fixtures', 'cmd-promtool-testdata']) {
    test(`Prometheus's rule files in ${folder}: we print promtool's error lines`, {
      skip: corpus.skip(folder),
    }, async () => {
      const all = readdirSync(join(corpus.dir, folder)).map((f) => join(corpus.dir, folder, f));
      // The unit-test files beside the rule files are another format; rule files start with groups.
      const ruleFiles = all.filter((f) => /^groups:/m.test(readFileSync(f, 'utf8')));
      assert.ok(ruleFiles.length >= 6, `rule files in ${folder}`);
      for (const file of ruleFiles) {
        const [ours, promtool] = await Promise.all([weAccept(file), promtoolCheck(file)]);
        assert.equal(ours.ok, promtool.ok, `${file}: ${ours.errors.join('\n')}`);
        assert.deepEqual([...ours.errors].sort(), [...promtool.errors].sort(), file);
      }
    });
  }
});
