/**
 * Templates compileRuleTemplate refuses, with the start of the message (for a template named
 * `t`). Go refuses the syntax errors too, with the same words; the differential test has
 * promtool check them.
 */

export const SYNTAX_ERRORS: [string, string][] = [
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
  ['{{ with }}x{{ end }}', 'template: t:1: missing value for with'],
  ['{{ $value | | humanize }}', 'template: t:1: unexpected "|" in command'],
  ['{{ if := }}{{ end }}', 'template: t:1: unexpected ":=" in if'],
  ['{{ humanize end }}', 'template: t:1: unexpected <end> in operand'],
  ['{{ (1 }}', 'template: t:1: unclosed left paren'],
  ['{{ $value | "x" }}', 'template: t:1: non executable command in pipeline stage 2'],
  ['{{ nosuch 1 }}', 'template: t:1: function "nosuch" not defined'],
  ['{{/* open comment }}', 'template: t:1: unclosed comment'],
  ['{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}', 'template: t:1: undefined variable "$x"'],
];

/** Go and Prometheus accept these; this lab's rule templates do not. */
export const OUTSIDE_SUBSET: [string, string][] = [
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
  ['{{ range $labels }}{{ . }}{{ end }}', 'template: t:1: {{range}} is not supported'],
  ['{{ define "x" }}{{ end }}', 'template: t:1: {{define}} is not supported'],
  ['{{ template "x" }}', 'template: t:1: {{template}} is not supported'],
];
