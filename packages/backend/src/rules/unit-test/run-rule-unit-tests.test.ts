import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createGroupEvaluator } from '../eval';
import { runRuleUnitTests } from './run-rule-unit-tests';

const dir = mkdtempSync(join(tmpdir(), 'test-rules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(yaml: string): Promise<{ code: number; stderr: string }> {
  const file = join(dir, 'case.test.yml');
  writeFileSync(file, yaml);
  let stderr = '';
  const code = await runRuleUnitTests(
    [file],
    (group, options) => createGroupEvaluator(group, { ...options, restored: true }),
    {
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
    },
  );
  return { code, stderr };
}

test('tests too large to run are refused with the limit, not run', async () => {
  const cases: [string, string, RegExp][] = [
    [
      'input series past a million points',
      "tests:\n  - interval: 1m\n    input_series:\n      - series: up\n        values: '0+1x999999 1 1'\n",
      /input_series expand to 1000002 points, more than the 1000000 test rules allows in one test/,
    ],
    [
      'evaluations past 200,000',
      'evaluation_interval: 1s\ntests:\n  - promql_expr_test:\n      - expr: vector(1)\n        eval_time: 1w\n',
      /evaluating every 1s up to 1w takes 604801 evaluations, more than the 200000 test rules allows in one test/,
    ],
  ];
  for (const [name, yaml, message] of cases) {
    const result = await run(yaml);
    assert.equal(result.code, 1, name);
    assert.match(result.stderr, message, name);
  }
});

test('a test within the limits runs every step and sees the last sample', async () => {
  const result = await run(
    "evaluation_interval: 5s\ntests:\n  - interval: 5s\n    input_series:\n      - series: up\n        values: '0+1x20000'\n    promql_expr_test:\n      - expr: up\n        eval_time: 1d\n        exp_samples:\n          - labels: up\n            value: 17280\n",
  );
  assert.deepEqual(result, { code: 0, stderr: '' });
});
