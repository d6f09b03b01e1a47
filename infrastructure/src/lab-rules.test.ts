import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { PROMTOOL_BIN, skipWithout } from '@otel-lab/testkit';
import { templateProblems } from './rule-templates.js';
import { asArray, asRecord, LAB_RULES_FILE, LAB_RULES_TEST_FILE, readYaml } from './stack-files.js';

const run = promisify(execFile);
const rules = asArray(readYaml(LAB_RULES_FILE).groups).flatMap((group) =>
  asArray(asRecord(group).rules).map(asRecord),
);
const recording = rules.filter((rule) => typeof rule.record === 'string');
const alerting = rules.filter((rule) => typeof rule.alert === 'string');

describe('promtool on the lab rules', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, () => {
  test('check rules accepts every rule', async () => {
    const { stdout } = await run(PROMTOOL_BIN, ['check', 'rules', LAB_RULES_FILE]);
    assert.match(stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
  });

  test('the unit tests pass', async () => {
    const { stdout } = await run(PROMTOOL_BIN, ['test', 'rules', LAB_RULES_TEST_FILE]);
    assert.match(stdout, /SUCCESS/);
  });

  // Copies of the rules with one mistake each: the unit tests must catch every one.
  const dir = mkdtempSync(join(tmpdir(), 'lab-rules-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const original = readFileSync(LAB_RULES_FILE, 'utf8');
  const mistakes: [string, string, string][] = [
    [
      'another job counted',
      'rate(app_requests_total{job="demo-app"}[5m])',
      'rate(app_requests_total[5m])',
    ],
    ['p90 for p95', '0.95, endpoint_le', '0.9, endpoint_le'],
    ['a latency threshold of 1s', 'p95_rate5m > 0.5', 'p95_rate5m > 1'],
    ['an error threshold of 30 %', 'ratio_rate5m > 0.05', 'ratio_rate5m > 0.3'],
    [
      'no 0 for endpoints that never failed',
      '0 * endpoint:app_requests:rate5m',
      'endpoint:app_requests:rate5m',
    ],
    ['3 minutes for 2', 'for: 2m', 'for: 3m'],
    ['30 seconds for a minute', 'for: 1m', 'for: 30s'],
    ['a severity changed', 'severity: warning', 'severity: info'],
    ['a summary without the value', 'is slow: p95 {{ $value | humanizeDuration }}', 'is slow'],
  ];
  for (const [name, from, to] of mistakes) {
    test(`the unit tests fail with ${name}`, async () => {
      assert.ok(original.includes(from), `the rules contain ${from}`);
      const case_ = mkdtempSync(join(dir, 'case-'));
      writeFileSync(join(case_, 'lab.rules.yml'), original.replace(from, to));
      copyFileSync(LAB_RULES_TEST_FILE, join(case_, 'lab.rules.test.yml'));
      await assert.rejects(run(PROMTOOL_BIN, ['test', 'rules', join(case_, 'lab.rules.test.yml')]));
    });
  }
});

describe('the lab rules follow the conventions', () => {
  test('has recording rules and alerts', () => {
    assert.ok(recording.length >= 3 && alerting.length >= 3);
  });

  test('recording rules are named level:metric:operations', () => {
    for (const rule of recording) {
      assert.match(String(rule.record), /^[a-z][a-z_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$/);
    }
  });

  test('every alert has a severity, a summary and a description', () => {
    for (const rule of alerting) {
      const labels = asRecord(rule.labels);
      const annotations = asRecord(rule.annotations);
      assert.match(String(labels.severity), /^(warning|critical)$/, String(rule.alert));
      for (const key of ['summary', 'description']) {
        assert.ok(String(annotations[key] ?? '').length > 10, `${rule.alert}: ${key}`);
      }
    }
  });

  test('annotations use only $labels, $value, humanize* and printf', () => {
    for (const rule of alerting) {
      for (const [key, text] of Object.entries(asRecord(rule.annotations))) {
        assert.deepEqual(templateProblems(String(text)), [], `${rule.alert}: ${key}`);
      }
    }
  });
});
