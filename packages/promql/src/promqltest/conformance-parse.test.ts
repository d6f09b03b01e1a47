import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { targetFiles } from './conformance';
import { parseScript } from './script';

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

describe('promqltest scripts with native histograms parse', () => {
  const present = existsSync(dir);
  if (!present && process.env.OTEL_LAB_REQUIRE_ALL) {
    test('conformance data is present', () => assert.fail(`${dir} is missing`));
  }
  const skip = present ? false : `no conformance data at ${dir}`;

  for (const file of [...targetFiles, 'native_histograms']) {
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
