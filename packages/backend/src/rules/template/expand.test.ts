import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CASE_EXTERNAL_LABELS,
  CASE_EXTERNAL_URL,
  CASE_LABELS,
  EXPAND_CASES,
} from './expand-cases.js';
import { compileRuleTemplate } from './index.js';

describe('rule templates expand as Prometheus expands them', () => {
  for (const { template, value, expected } of EXPAND_CASES) {
    test(`${JSON.stringify(template)} with $value ${value}`, () => {
      const expanded = compileRuleTemplate(template, '__alert_Case').expand({
        labels: CASE_LABELS,
        externalLabels: CASE_EXTERNAL_LABELS,
        value,
        externalURL: CASE_EXTERNAL_URL,
      });
      assert.equal(expanded, expected);
    });
  }
});

describe('a compiled template is reusable', () => {
  test('each expansion sees only its own data', () => {
    const template = compileRuleTemplate('{{ $labels.job }}={{ $value | humanize }}');
    const data = { externalLabels: {}, externalURL: '' };
    assert.equal(template.expand({ ...data, labels: { job: 'a' }, value: 1500 }), 'a=1.5k');
    assert.equal(template.expand({ ...data, labels: { job: 'b' }, value: 2 }), 'b=2');
    assert.equal(template.text, '{{ $labels.job }}={{ $value | humanize }}');
  });
});
