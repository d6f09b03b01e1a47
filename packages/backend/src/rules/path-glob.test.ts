import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { matchSegment, pathGlob } from './path-glob';

test('one segment matches as Go filepath.Match, malformed patterns throw', () => {
  const cases: [string, string, boolean | 'bad'][] = [
    ['*.yml', 'rules.yml', true],
    ['*.yml', '.hidden.yml', true], // unlike a shell, `*` takes leading dots
    ['*.yml', 'rules.yaml', false],
    ['rule?.yml', 'rule1.yml', true],
    ['rule?.yml', 'rule12.yml', false],
    ['r[a-c].yml', 'rb.yml', true],
    ['r[^a-c].yml', 'rb.yml', false],
    ['r[^a-c].yml', 'rd.yml', true],
    ['r[\\]].yml', 'r].yml', true],
    ['\\*.yml', '*.yml', true],
    ['\\*.yml', 'a.yml', false],
    ['{a,b}.yml', 'a.yml', false], // no braces: literal
    ['{a,b}.yml', '{a,b}.yml', true],
    ['**.yml', 'x.yml', true], // `**` is two stars, no globstar
    ['a+b(c).yml', 'a+b(c).yml', true],
    ['[a-', 'a', 'bad'],
    ['[]a]', 'a', 'bad'],
    ['[z-a]', 'a', 'bad'],
    ['a\\', 'a', 'bad'],
  ];
  for (const [pattern, name, expected] of cases) {
    if (expected === 'bad')
      assert.throws(() => matchSegment(pattern, name), /syntax error in pattern/, pattern);
    else assert.equal(matchSegment(pattern, name), expected, `${pattern} ${name}`);
  }
});

const dir = mkdtempSync(join(tmpdir(), 'path-glob-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('patterns expand to sorted existing paths, one directory level per segment', async () => {
  for (const f of ['a/x.yml', 'a/y.yaml', 'b/z.yml', 'b/deep/w.yml', 'c.yml']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'groups: []\n');
  }
  const cases: [string, string[]][] = [
    ['*/*.yml', ['a/x.yml', 'b/z.yml']],
    ['*/*', ['a/x.yml', 'a/y.yaml', 'b/deep', 'b/z.yml']],
    ['**/*.yml', ['a/x.yml', 'b/z.yml']],
    ['b/*/*.yml', ['b/deep/w.yml']],
    ['c.yml', ['c.yml']],
    ['missing.yml', []],
    ['nowhere/*.yml', []],
    ['[ab]/[xz].yml', ['a/x.yml', 'b/z.yml']],
  ];
  for (const [pattern, expected] of cases) {
    const got = await pathGlob(join(dir, pattern));
    assert.deepEqual(
      got,
      expected.map((f) => join(dir, f)),
      pattern,
    );
  }
  await assert.rejects(pathGlob(join(dir, '[a-/*.yml')), /syntax error in pattern/);
});
