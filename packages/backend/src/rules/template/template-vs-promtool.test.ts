import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { PROMTOOL_BIN, skipWithout } from '@otel-lab/testkit';
import { stringify } from 'yaml';
import { SYNTAX_ERRORS } from './compile-cases.js';
import {
  CASE_EXTERNAL_LABELS,
  CASE_EXTERNAL_URL,
  CASE_LABELS,
  EXPAND_CASES,
} from './expand-cases.js';
import { compileRuleTemplate, RuleTemplateError } from './index.js';

/**
 * promtool checks our expansions (each case is an alert whose annotation is the template, and
 * the unit test expects the annotation to read what this package expands it to) and our syntax
 * errors (`promtool check rules` words them as Go parses them).
 */

/** The series notation promtool reads: Inf and NaN by name. */
const seriesValue = (v: number) =>
  Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : String(v);

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');

describe('rule templates against promtool', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rule-templates-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('promtool expands every case to what compileRuleTemplate expands it to', async () => {
    const rules = EXPAND_CASES.map((c, i) => ({
      alert: 'Case',
      expr: `case_${i} * 1`,
      labels: { case: String(i) },
      annotations: { text: c.template },
    }));
    const expAlerts = EXPAND_CASES.map((c, i) => ({
      exp_labels: { alertname: 'Case', case: String(i), ...CASE_LABELS },
      exp_annotations: {
        text: compileRuleTemplate(c.template, '__alert_Case').expand({
          labels: CASE_LABELS,
          externalLabels: CASE_EXTERNAL_LABELS,
          value: c.value,
          externalURL: CASE_EXTERNAL_URL,
        }),
      },
    }));
    writeFileSync(join(dir, 'rules.yml'), stringify({ groups: [{ name: 'cases', rules }] }));
    const unitTest = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          external_labels: CASE_EXTERNAL_LABELS,
          external_url: CASE_EXTERNAL_URL,
          input_series: EXPAND_CASES.map((c, i) => ({
            series: `case_${i}{${labelText(CASE_LABELS)}}`,
            values: seriesValue(c.value),
          })),
          alert_rule_test: [{ eval_time: '0m', alertname: 'Case', exp_alerts: expAlerts }],
        },
      ],
    };
    writeFileSync(join(dir, 'test.yml'), stringify(unitTest));
    const run = promisify(execFile);
    const result = await run(PROMTOOL_BIN, ['test', 'rules', join(dir, 'test.yml')]).catch(
      (e: { stdout?: string; stderr?: string }) => e,
    );
    assert.match(`${result.stdout}`, /SUCCESS/, `${result.stdout}\n${result.stderr}`);
  });

  test('promtool refuses each syntax error with the message compileRuleTemplate gives', async () => {
    const rules = SYNTAX_ERRORS.map(([template], i) => ({
      alert: `E${i}`,
      expr: 'up',
      annotations: { text: template },
    }));
    const file = join(dir, 'bad-rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'errors', rules }] }));
    const run = promisify(execFile);
    const result = await run(PROMTOOL_BIN, ['check', 'rules', file]).catch(
      (e: { stdout?: string; stderr?: string }) => e,
    );
    const output = `${result.stdout}${result.stderr}`;
    for (const [i, [template]] of SYNTAX_ERRORS.entries()) {
      let ours = '';
      try {
        compileRuleTemplate(template, `__alert_E${i}`);
      } catch (e) {
        if (e instanceof RuleTemplateError) ours = e.message;
      }
      const line = output.split('\n').find((l) => l.includes(`"E${i}": annotation "text": `));
      // Ours may go on to list what is supported.
      const theirs = line?.split('annotation "text": ')[1] ?? '(accepted)';
      assert.equal(ours.slice(0, theirs.length), theirs, JSON.stringify(template));
    }
  });
});
