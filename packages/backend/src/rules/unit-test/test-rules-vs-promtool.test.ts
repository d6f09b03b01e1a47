import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PROMTOOL_BIN, sharedConformance, skipWithout } from '@otel-lab/testkit';
import { createGroupEvaluator } from '../eval';
import { type RuleUnitTestOptions, runRuleUnitTests } from './run-rule-unit-tests';

/**
 * `test rules` against Debian's `promtool test rules` (2.42): each file runs through both from its
 * own folder (rule_files are relative to it), and both print the same text and exit the same,
 * except where Prometheus 3, which we follow, differs from 2.42 (each such case says how).
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function promtool(dir: string, file: string): Promise<Run> {
  return new Promise((resolve) =>
    execFile(PROMTOOL_BIN, ['test', 'rules', file], { cwd: dir }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

async function ours(dir: string, file: string, options: RuleUnitTestOptions = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const from = process.cwd();
  // promtool resolves the file and its rule_files from the working directory; so do we.
  process.chdir(dir);
  try {
    const code = await runRuleUnitTests(
      [file],
      (group, options) => createGroupEvaluator(group, { ...options, restored: true }),
      {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
      },
      options,
    );
    return { code, stdout, stderr };
  } finally {
    process.chdir(from);
  }
}

/** Prometheus 3 lists the two series of a many-to-many error sorted; 2.42 in the order found. */
const sortDuplicateSeries = (text: string) =>
  text.replace(/operation: \[(\{[^}]*\}), (\{[^}]*\})\]/g, (_, a: string, b: string) =>
    a < b ? `operation: [${a}, ${b}]` : `operation: [${b}, ${a}]`,
  );

type Expectation =
  | { kind: 'same' }
  /** The same output once the many-to-many error's series are in Prometheus 3's order. */
  | { kind: 'same-sorted' }
  /** Both fail; the error's words differ (the reason says why). */
  | { kind: 'both-fail'; reason: string }
  /**
   * Prometheus 3 semantics or syntax: promtool 2.42 fails, we pass (as upstream's test expects),
   * with Prometheus 3's options where upstream's test gives them.
   */
  | { kind: 'v3-passes'; reason: string; options?: RuleUnitTestOptions };

async function compare(dir: string, file: string, expectation: Expectation): Promise<void> {
  const options = expectation.kind === 'v3-passes' ? expectation.options : undefined;
  const [theirs, mine] = await Promise.all([promtool(dir, file), ours(dir, file, options)]);
  const where = `${file}\npromtool:\n${theirs.stderr}\nours:\n${mine.stderr}`;
  switch (expectation.kind) {
    case 'same':
      assert.deepEqual(mine, theirs, where);
      return;
    case 'same-sorted':
      assert.deepEqual(
        { ...mine, stderr: sortDuplicateSeries(mine.stderr) },
        { ...theirs, stderr: sortDuplicateSeries(theirs.stderr) },
        where,
      );
      return;
    case 'both-fail':
      assert.equal(theirs.code, 1, where);
      assert.equal(mine.code, 1, where);
      assert.match(mine.stdout, new RegExp(`^Unit Testing:  ${file}\n\n`), where);
      assert.match(theirs.stdout, new RegExp(`^Unit Testing:  ${file}\n\n`), where);
      return;
    case 'v3-passes':
      assert.equal(theirs.code, 1, where);
      assert.deepEqual(mine, {
        code: 0,
        stdout: `Unit Testing:  ${file}\n  SUCCESS\n\n`,
        stderr: '',
      });
  }
}

const TESTDATA = join(__dirname, '..', '..', '..', 'src', 'rules', 'unit-test', 'testdata');
const LAB_RULES = join(__dirname, '..', '..', '..', '..', '..', 'infrastructure', 'rules');

/** Prometheus's own test files, by what promtool 2.42 does with them (the corpus README's table). */
const CONFORMANCE: Record<string, Expectation> = {
  'long-period.yml': { kind: 'same' },
  'failing.yml': { kind: 'same' },
  'bad-rules-syntax-test.yml': { kind: 'same' },
  'at-modifier-test.yml': { kind: 'same' },
  'negative-offset-test.yml': { kind: 'same' },
  'rules_run.yml': { kind: 'same' },
  'bad-promql.yml': { kind: 'same-sorted' },
  'bad-rules-error-test.yml': { kind: 'same-sorted' },
  'bad-input-series.yml': {
    kind: 'both-fail',
    reason: "the series notation's parse errors are ours, not Prometheus's lexer's",
  },
  'no-test-group-interval.yml': {
    kind: 'v3-passes',
    reason: 'since 2.49 a test without interval reads its series at evaluation_interval',
  },
  'start-time-test.yml': { kind: 'v3-passes', reason: 'start_timestamp is Prometheus 3.9+' },
  'rules_run_fuzzy.yml': {
    kind: 'v3-passes',
    reason: 'fuzzy_compare is 3.5+, --run 2.49+: the test that matches one float step off passes',
    options: { run: ['correct'] },
  },
  'rules_run_no_fuzzy.yml': {
    kind: 'both-fail',
    reason:
      '2.42 refuses the fuzzy_compare field; we (as 3.5+) read it and find values one step off',
  },
  'rules_run_extrafields.yml': { kind: 'same' },
  // Native histograms (`histogram` in exp_samples) are beyond both.
  'unittest.yml': { kind: 'same' },
};

/** Prometheus 3 options on files 2.42 reads too, with the exit code upstream's test expects. */
const WITH_OPTIONS: [string, RuleUnitTestOptions, number][] = [
  ['rules_run.yml', { run: ['correct'] }, 0],
  ['rules_run.yml', { run: ['wrong', 'nothing'] }, 1],
  ['rules_run_fuzzy.yml', { run: ['wrong'] }, 1],
  ['rules_run_extrafields.yml', { ignoreUnknownFields: true }, 0],
];

describe('test rules against promtool test rules', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, () => {
  const own = readdirSync(TESTDATA).filter((f) => f.endsWith('.test.yml'));
  test('our own test files (passing and failing) print what promtool prints', async () => {
    assert.ok(own.length >= 14, 'test files in testdata');
    for (const file of own) await compare(TESTDATA, file, { kind: 'same' });
  });

  test("the lab's rule tests pass in both", async () => {
    await compare(LAB_RULES, 'lab.rules.test.yml', { kind: 'same' });
    assert.equal((await ours(LAB_RULES, 'lab.rules.test.yml')).code, 0);
  });

  const corpus = sharedConformance('prometheus-rules');
  const folder = 'cmd-promtool-testdata';
  test("Prometheus's test files in cmd/promtool/testdata", {
    skip: corpus.skip(folder),
  }, async () => {
    const dir = join(corpus.dir, folder);
    const files = readdirSync(dir).filter(
      (f) => !f.startsWith('rules') || f.startsWith('rules_run'),
    );
    for (const file of files.filter((f) => CONFORMANCE[f] === undefined && /test|run/.test(f)))
      assert.fail(`${file} has no expectation here`);
    for (const [file, expectation] of Object.entries(CONFORMANCE))
      await compare(dir, file, expectation);
  });

  test("Prometheus 3's --run and --ignore-unknown-fields on its test files", {
    skip: corpus.skip(folder),
  }, async () => {
    for (const [file, options, code] of WITH_OPTIONS) {
      const run = await ours(join(corpus.dir, folder), file, options);
      assert.equal(run.code, code, `${file} ${JSON.stringify(options)}:\n${run.stderr}`);
    }
  });
});
