import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const MAIN = join(__dirname, '..', '..', 'main.js');
const TESTDATA = join(__dirname, '..', '..', '..', 'src', 'rules', 'unit-test', 'testdata');

function testRules(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [MAIN, 'test', 'rules', ...args],
      { cwd: TESTDATA },
      (e, stdout, stderr) => resolve({ code: e ? Number(e.code) : 0, stdout, stderr }),
    ),
  );
}

// The texts are promtool 2.42's for the same files (test-rules-vs-promtool checks them all).
test('the backend runs test rules: exit 0 when every file passes, 1 when one fails', async () => {
  const pass = await testRules('recording-pass.test.yml', 'group-order.test.yml');
  assert.deepEqual(pass, {
    code: 0,
    stdout:
      'Unit Testing:  recording-pass.test.yml\n  SUCCESS\n\nUnit Testing:  group-order.test.yml\n  SUCCESS\n\n',
    stderr: '',
  });
  const fail = await testRules('recording-pass.test.yml', 'recording-fail.test.yml');
  assert.equal(fail.code, 1);
  assert.equal(
    fail.stderr,
    [
      '  FAILED:',
      '    expr: "job:requests:rate4m30s", time: 10m,',
      '        exp: {__name__="job:requests:rate4m30s", job="shop"} 1E+00',
      '        got: {__name__="job:requests:rate4m30s", job="shop"} 1.1E+00',
      '    expr: "job:requests:rate_per_minute", time: 10m,',
      '        exp: {__name__="job:requests:rate_per_minute", job="web"} 6.6E+01',
      '        got: {__name__="job:requests:rate_per_minute", job="shop"} 6.6E+01',
      '',
    ].join('\n'),
  );
});

test('test rules refuses missing files and arguments, and explains itself', async () => {
  const cases: [string[], number, RegExp][] = [
    [[], 1, /required argument 'test-rule-file' not provided/],
    [['nothing-here.yml'], 1, /path 'nothing-here\.yml' does not exist/],
    [['.'], 1, /'\.' is a directory/],
    [['--diff', 'recording-pass.test.yml'], 1, /unknown flag --diff/],
    [
      ['--run', '(', 'recording-pass.test.yml'],
      1,
      /--run \(: error parsing regexp: missing closing \)/,
    ],
  ];
  for (const [args, code, message] of cases) {
    const run = await testRules(...args);
    assert.equal(run.code, code, args.join(' '));
    assert.match(run.stderr, message, args.join(' '));
    assert.equal(run.stdout, '');
  }
  const help = await testRules('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: .* test rules \[options\] FILE\.\.\./);
});
