import type { RuleFileCase } from './rule-file-case';

/** Alerting rules' label and annotation templates, checked at load as promtool checks them. */

const alert = (body: string) =>
  `groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    ${body.trim().replaceAll('\n', '\n    ')}\n`;

const at = 'f.yml: group "g", rule 1, "A"';

export const TEMPLATE_CASES: RuleFileCase[] = [
  {
    name: 'templates of the supported subset',
    yaml: alert(
      "labels: { severity: '{{ if gt $value 1.0 }}page{{ else }}ticket{{ end }}' }\nannotations:\n  summary: '{{ $labels.job }} at {{ $value | humanizePercentage }}'\n  description: '{{ printf \"%.2f\" $value }} since {{ $externalLabels.site }} {{ humanizeDuration 90 }}'",
    ),
    ok: true,
  },
  {
    name: 'template syntax errors in labels and annotations',
    yaml: alert(
      'labels: { sev: "{{ $labels.x }", zz: "{{ $value | | humanize }}" }\nannotations: { ok: "{{ $value }}", d: "a\\n{{ end }}" }',
    ),
    ok: false,
    errors: [
      `${at}: label "sev": template: __alert_A:1: unexpected "}" in operand`,
      `${at}: label "zz": template: __alert_A:1: unexpected "|" in command`,
      `${at}: annotation "d": template: __alert_A:2: unexpected {{end}}`,
    ],
  },
  {
    name: "template errors come after the rule's other errors",
    yaml: 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up +\n    labels: { sev: "{{ .Foo" }\n    annotations: { summary: "{{ $nope }}" }\n',
    ok: false,
    errors: [
      'f.yml: 5:11: group "g", rule 1, "A": could not parse expression: 1:5: parse error: unexpected end of input',
      `${at}: label "sev": template: __alert_A:1: unclosed action`,
      `${at}: annotation "summary": template: __alert_A:1: undefined variable "$nope"`,
    ],
  },
  {
    name: "a recording rule's labels are not templates",
    yaml: 'groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n    labels: { x: "{{ bad" }\n',
    ok: true,
  },
  {
    name: 'query and other functions outside the subset are refused at load',
    yaml: alert(
      'annotations:\n  summary: \'{{ with query "up" }}{{ . | first | value }}{{ end }}\'\n  page: \'{{ safeHtml "<b>" }}\'',
    ),
    ok: false,
    promtoolOk: true,
    differs:
      'templates are refused at load when they use a function outside the supported subset (docs/rule-templates.md), which promtool accepts',
    errors: [
      /^f\.yml: group "g", rule 1, "A": annotation "page": template: __alert_A:1: function "safeHtml" not supported in rule templates \(supported: humanize, /,
      /^f\.yml: group "g", rule 1, "A": annotation "summary": template: __alert_A:1: function "query" not supported/,
    ],
  },
];
