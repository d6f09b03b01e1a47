import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { count, experimentalFiles, runConformance, targetFiles } from './conformance';

// Prometheus's own promqltest scripts, read from ../shared next to the repository (never copied in).
const dir = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'conformance',
  'promql-testdata',
);

/**
 * Cases of the target files that are known to fail, as "file:line" with the reason. Empty: every
 * case without native histograms passes; any new failure fails this test.
 */
const knownFailures: ReadonlyMap<string, string> = new Map([]);

describe('promqltest conformance', () => {
  const present = existsSync(dir);
  if (!present && process.env.OTEL_LAB_REQUIRE_ALL) {
    test('conformance data is present', () => assert.fail(`${dir} is missing`));
  }
  const skip = present ? false : `no conformance data at ${dir}`;

  test('every non-native-histogram case of the target files passes', { skip }, async () => {
    const reports = await runConformance(dir, targetFiles, { checkAnnotations: true });
    assert.equal(reports.length, targetFiles.length, 'all target files are present');
    const unexpected: string[] = [];
    for (const r of reports) {
      assert.equal(r.error, undefined, `${r.file} parses`);
      assert.ok(count(r.outcomes, 'passed') > 0, `${r.file} has passing cases`);
      for (const o of r.outcomes) {
        const id = `${r.file}:${o.line}`;
        if (o.status === 'failed' && !knownFailures.has(id))
          unexpected.push(`${id} ${o.expr}: ${o.reason}`);
      }
    }
    assert.deepEqual(unexpected, []);
  });

  test('experimental files run without script errors', { skip }, async () => {
    const reports = await runConformance(dir, experimentalFiles, { checkAnnotations: true });
    for (const r of reports) assert.equal(r.error, undefined, `${r.file} parses`);
  });
});
