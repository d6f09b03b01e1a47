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

/** Whether Debian's promtool (2.42) accepts the rule file: `promtool check rules` exits 0. */
function promtoolAccepts(file: string): Promise<boolean> {
  return new Promise((resolve) =>
    execFile(PROMTOOL_BIN, ['check', 'rules', file], (error) => resolve(error === null)),
  );
}

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
        assert.equal(await promtoolAccepts(file), c.ok, `promtool on ${c.name}`);
        const ours = await weAccept(file);
        assert.equal(ours.ok, c.ok, `${c.name}: ${ours.errors}`);
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
