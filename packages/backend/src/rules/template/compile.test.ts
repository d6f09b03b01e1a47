import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileRuleTemplate, RuleTemplateError } from './index.js';

/** Templates refused when the rule file loads, with the message its author gets. */
const REFUSED: [string, string][] = [
  [
    '{{ query "up" | first | value }}',
    'template: t:1: function "query" not supported in rule templates',
  ],
  ['{{ with query "up" }}{{ end }}', 'template: t:1: function "query" not supported'],
  ['{{ $labels | sortByLabel "job" }}', 'template: t:1: function "sortByLabel" not supported'],
  ['{{ safeHtml "<b>" }}', 'template: t:1: function "safeHtml" not supported'],
  ['{{ label "job" . }}', 'template: t:1: function "label" not supported'],
  ['{{ tmpl "x" . }}', 'template: t:1: function "tmpl" not supported'],
  ['{{ len $labels }}', 'template: t:1: function "len" not supported'],
  ['{{ nosuch 1 }}', 'template: t:1: function "nosuch" not defined'],
  ['{{ $labels.instance }', 'template: t:1: unexpected "}" in operand'],
  ['ok\n{{ $value ) }}', 'template: t:2: unexpected ")" in command'],
  ['{{ $labels.job', 'template: t:1: unclosed action'],
  ['{{ "abc }}', 'template: t:1: unterminated quoted string'],
  ['{{ $nope }}', 'template: t:1: undefined variable "$nope"'],
  ['{{ if $value }}x', 'template: t:1: unexpected EOF'],
  ['a\nb\n{{ end }}', 'template: t:3: unexpected {{end}}'],
  ['{{ else }}', 'template: t:1: unexpected {{else}}'],
  ['{{ }}', 'template: t:1: missing value for command'],
  ['{{ if }}x{{ end }}', 'template: t:1: missing value for if'],
  ['{{ $value | }}', 'template: t:1: missing command'],
  ['{{ "x" | $value }}', 'template: t:1: non executable command in pipeline stage 2'],
  ['{{ range $labels }}{{ . }}{{ end }}', 'template: t:1: {{range}} is not supported'],
  ['{{ define "x" }}{{ end }}', 'template: t:1: {{define}} is not supported'],
  ['{{ template "x" }}', 'template: t:1: {{template}} is not supported'],
  ['{{/* open comment }}', 'template: t:1: unclosed comment'],
];

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
