import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sharedConformance } from '@otel-lab/testkit';
import { targetFiles } from './conformance';
import { parseScript } from './script';

// Prometheus's own promqltest scripts, read from ../shared next to the repository (never copied in).
const testdata = sharedConformance('promql-testdata');
const dir = testdata.dir;

describe('promqltest scripts with native histograms parse', () => {
  for (const file of [...targetFiles, 'native_histograms']) {
    // Absent data skips with a notice; under OTEL_LAB_REQUIRE_ALL (CI) it fails the file.
    const skip = testdata.skip(`${file}.test`);
    test(`${file}.test: every load line and expected value parses`, { skip }, () => {
      const commands = parseScript(readFileSync(join(dir, `${file}.test`), 'utf8'));
      let loaded = 0;
      let expected = 0;
      for (const c of commands) {
        if (c.kind === 'load')
          for (const s of c.series) loaded += s.values.filter((v) => v.kind === 'histogram').length;
        if (c.kind === 'eval')
          for (const e of c.expected)
            expected += e.values.filter((v) => v.kind === 'histogram').length;
      }
      // Every histogram written in the file became a sample: none was read as something else.
      const text = readFileSync(join(dir, `${file}.test`), 'utf8');
      const written = text.split('\n').some((l) => !l.trim().startsWith('#') && l.includes('{{'));
      assert.equal(loaded + expected > 0, written, `${file}: histograms parsed iff written`);
      if (file === 'native_histograms') assert.ok(loaded > 0 && expected > 0);
    });
  }
});
