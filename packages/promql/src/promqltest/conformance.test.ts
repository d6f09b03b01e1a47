import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sharedConformance } from '@otel-lab/testkit';
import { count, experimentalFiles, runConformance, targetFiles } from './conformance';

// Prometheus's own promqltest scripts, read from ../shared next to the repository (never copied in).
const testdata = sharedConformance('promql-testdata');
const dir = testdata.dir;

/**
 * Cases of the target files that are known to fail, as "file:line" with the reason. Empty: every
 * case passes, native histograms included; any new failure fails this test.
 */
const knownFailures: ReadonlyMap<string, string> = new Map([]);

describe('promqltest conformance', () => {
  // Absent data skips with a notice; under OTEL_LAB_REQUIRE_ALL (CI) it fails the file.
  const skip = testdata.skip('functions.test');

  test('every case of the target files passes, native histograms included', { skip }, async () => {
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
