import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OUTSIDE_SUBSET, SYNTAX_ERRORS } from './compile-cases.js';
import { compileRuleTemplate, RuleTemplateError } from './index.js';

const REFUSED = [...SYNTAX_ERRORS, ...OUTSIDE_SUBSET];

describe('templates outside the subset are refused at compile', () => {
  for (const [template, message] of REFUSED) {
    test(JSON.stringify(template), () => {
      assert.throws(
        () => compileRuleTemplate(template, 't'),
        (e: unknown) => e instanceof RuleTemplateError && e.message.startsWith(message),
      );
    });
  }

  test('the refusal lists what is supported', () => {
    assert.throws(() => compileRuleTemplate('{{ query "up" }}'), /supported: humanize, .*printf/);
  });
});

/** Errors only the data reveals are written into the text, as Prometheus does. */
const AT_EXPANSION: [string, RegExp][] = [
  ['{{ gt $value 3 }}', /at <gt \$value 3>: error calling gt: incompatible types for comparison>$/],
  [
    '{{ humanize $labels }}',
    /error calling humanize: can't convert map\[string\]string to float>$/,
  ],
  ['{{ toUpper $value }}', /wrong type for value; expected string; got float64>$/],
  ['{{ humanize 1 2 }}', /wrong number of args for humanize: want 1 got 2>$/],
  ['{{ reReplaceAll "(" "" "x" }}', /^<error expanding template: .*error calling reReplaceAll: /],
  ['{{ .Nope }}', /can't evaluate field Nope in type struct/],
  ['{{ $value.x }}', /can't evaluate field x in type float64>$/],
  ['x\n  {{ humanize "a" }}', /template: n:2:5: executing "n" at <humanize "a">/],
];

describe('expansion errors', () => {
  for (const [template, pattern] of AT_EXPANSION) {
    test(JSON.stringify(template), () => {
      const out = compileRuleTemplate(template, 'n').expand({
        labels: { job: 'a' },
        externalLabels: {},
        value: 1,
        externalURL: '',
      });
      assert.match(out, /^<error expanding template: error executing template n: template: n:/);
      assert.match(out, pattern);
    });
  }
});
