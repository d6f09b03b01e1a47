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

/** What Debian's promtool (2.42) says of the rule file: accepted (exit 0), and its error lines. */
function promtoolCheck(file: string): Promise<{ ok: boolean; errors: string[] }> {
  return new Promise((resolve) =>
    execFile(PROMTOOL_BIN, ['check', 'rules', file], (error, stdout, stderr) =>
      resolve({
        ok: error === null,
        errors: `${stdout}\n${stderr}`.split('\n').filter((line) => line.startsWith(`${file}: `)),
      }),
    ),
  );
}

const promtoolAccepts = async (file: string) => (await promtoolCheck(file)).ok;

async function weAccept(file: string): Promise<{ ok: boolean; errors: string }> {
  const { errors } = await loadRuleFiles([file]);
  return { ok: errors.length === 0, errors: errors.map(formatRuleFileError).join('\n') };
}

describe('rule files against promtool check rules', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-vs-promtool-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('promtool and we accept and reject the same files', async () => {
    await Promise.all(
      RULE_FILE_CASES.map(async (c, i) => {
        const file = join(dir, `case-${i}.yml`);
        writeFileSync(file, c.yaml);
        const promtool = await promtoolCheck(file);
        assert.equal(promtool.ok, c.promtoolOk ?? c.ok, `promtool on ${c.name}`);
        const ours = await weAccept(file);
        assert.equal(ours.ok, c.ok, `${c.name}: ${ours.errors}`);
        if (c.sameErrors) {
          const sorted = (lines: string[]) => [...lines].sort();
          assert.deepEqual(sorted(ours.errors.split('\n')), sorted(promtool.errors), c.name);
        }
      }),
    );
  });

  const corpus = sharedConformance('prometheus-rules');
  for (const folder of ['rules-fixtures', 'cmd-promtool-testdata']) {
    test(`Prometheus's rule files in ${folder}: we accept what promtool accepts`, {
      skip: corpus.skip(folder),
    }, async () => {
      const all = readdirSync(join(corpus.dir, folder)).map((f) => join(corpus.dir, folder, f));
      // The unit-test files beside the rule files are another format; rule files start with groups.
      const ruleFiles = all.filter((f) => /^groups:/m.test(readFileSync(f, 'utf8')));
      assert.ok(ruleFiles.length >= 6, `rule files in ${folder}`);
      for (const file of ruleFiles) {
        const ours = await weAccept(file);
        assert.equal(ours.ok, await promtoolAccepts(file), `${file}: ${ours.errors}`);
      }
    });
  }
});
