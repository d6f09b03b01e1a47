import type { RuleFileCase } from './rule-file-case';
import { TEMPLATE_CASES } from './rule-file-template-cases';

export type { RuleFileCase };

/**
 * Rule files for the tests: each one Prometheus 2.42's `promtool check rules` accepts (`ok`) or
 * rejects, and the errors we report for it (formatted, file `f.yml`), or only a pattern when the
 * message is the YAML library's own.
 */

const VALID = `groups:
- name: lab
  interval: 1m30s
  limit: 10
  rules:
  - record: job:http_requests:rate5m
    expr: sum by (job) (rate(http_requests_total[5m]))
    labels: { team: lab }
  - alert: HighErrorRate
    expr: job:http_requests:rate5m > 0.5
    for: 5m
    keep_firing_for: 1m
    labels: { severity: page }
    annotations: { summary: errors are high }
`;

const rule = (body: string) =>
  `groups:\n- name: g\n  rules:\n  - ${body.trim().replaceAll('\n', '\n    ')}\n`;

export const RULE_FILE_CASES: RuleFileCase[] = [
  { name: 'recording and alerting rules', yaml: VALID, ok: true },
  { name: 'an empty file', yaml: '', ok: true },
  { name: 'no groups', yaml: 'groups: []\n', ok: true },
  { name: 'a group without rules', yaml: 'groups:\n- name: g\n', ok: true },
  {
    name: 'anchors and aliases',
    yaml: 'groups:\n- name: g\n  rules:\n  - record: a\n    expr: up\n    labels: &l { team: x }\n  - record: b\n    expr: up\n    labels: *l\n',
    ok: true,
  },
  {
    name: 'a second YAML document is ignored',
    yaml: `${VALID}---\nnot: [a, rule, file]\n`,
    ok: true,
  },
  {
    name: 'an unknown group field',
    yaml: 'groups:\n- name: g\n  evaluation: 1m\n',
    ok: false,
    errors: ['f.yml: 3:3: field evaluation not found in type rulefmt.RuleGroup'],
  },
  {
    name: 'an unknown rule field',
    yaml: rule('record: a\nexpr: up\nvalue: 1'),
    ok: false,
    errors: ['f.yml: 6:5: field value not found in type rulefmt.RuleNode'],
  },
  {
    name: 'an unknown top-level field',
    yaml: 'groups: []\nrules: []\n',
    ok: false,
    errors: ['f.yml: 2:1: field rules not found in type rulefmt.RuleGroups'],
  },
  {
    name: 'a repeated group name',
    yaml: 'groups:\n- name: g\n- name: h\n- name: g\n',
    ok: false,
    errors: ['f.yml: 4:3: groupname: "g" is repeated in the same file'],
  },
  {
    name: 'a group without a name',
    yaml: 'groups:\n- interval: 1m\n',
    ok: false,
    errors: ['f.yml: 2:3: Groupname must not be empty'],
  },
  {
    name: 'both record and alert',
    yaml: rule('record: a\nalert: B\nexpr: up'),
    ok: false,
    errors: [`f.yml: 4:13: group "g", rule 1, "B": only one of 'record' and 'alert' must be set`],
  },
  {
    name: 'neither record nor alert',
    yaml: rule('expr: up'),
    ok: false,
    errors: [`f.yml: 4:5: group "g", rule 1, "": one of 'record' or 'alert' must be set`],
  },
  {
    name: 'an invalid metric name to record',
    yaml: rule('record: 1st-rate\nexpr: up'),
    ok: false,
    errors: ['f.yml: 4:13: group "g", rule 1, "1st-rate": invalid recording rule name: 1st-rate'],
  },
  {
    name: 'an invalid label name',
    yaml: rule('alert: A\nexpr: up\nlabels: { bad-name: x }'),
    ok: false,
    errors: ['f.yml: 6:15: group "g", rule 1, "A": invalid label name: bad-name'],
  },
  {
    name: 'the metric name as a label',
    yaml: rule('record: a\nexpr: up\nlabels: { __name__: x }'),
    ok: false,
    errors: ['f.yml: 6:15: group "g", rule 1, "a": invalid label name: __name__'],
  },
  {
    name: 'an invalid annotation name',
    yaml: rule('alert: A\nexpr: up\nannotations: { a.b: x }'),
    ok: false,
    errors: ['f.yml: 6:20: group "g", rule 1, "A": invalid annotation name: a.b'],
  },
  {
    name: 'alerting fields on a recording rule',
    yaml: rule('record: a\nexpr: up\nfor: 5m\nkeep_firing_for: 1m\nannotations: { summary: x }'),
    ok: false,
    errors: [
      `f.yml: 4:13: group "g", rule 1, "a": invalid field 'annotations' in recording rule`,
      `f.yml: 4:13: group "g", rule 1, "a": invalid field 'for' in recording rule`,
      `f.yml: 4:13: group "g", rule 1, "a": invalid field 'keep_firing_for' in recording rule`,
    ],
  },
  {
    name: 'an expression that does not parse',
    yaml: rule('alert: A\nexpr: sum(up'),
    ok: false,
    errors: [/^f\.yml: 5:11: group "g", rule 1, "A": could not parse expression: /],
  },
  {
    name: 'no expression',
    yaml: rule('record: a'),
    ok: false,
    errors: [`f.yml: 4:5: group "g", rule 1, "a": field 'expr' must be set in rule`],
  },
  {
    name: 'every problem of every rule',
    yaml: `${rule('record: a\nexpr: up +')}  - alert: B\n    expr: up\n    labels: { 0x: y }\n`,
    ok: false,
    errors: [
      /^f\.yml: 5:11: group "g", rule 1, "a": could not parse expression: /,
      'f.yml: 8:15: group "g", rule 2, "B": invalid label name: 0x',
    ],
  },
  {
    name: 'a duration without a unit',
    yaml: rule('alert: A\nexpr: up\nfor: 5'),
    ok: false,
    errors: ['f.yml: 6:10: not a valid duration string: "5"'],
  },
  {
    name: 'a limit that is not a number',
    yaml: 'groups:\n- name: g\n  limit: ten\n',
    ok: false,
    errors: ['f.yml: 3:10: cannot unmarshal !!str `ten` into int'],
  },
  {
    name: 'limits written as YAML numbers',
    yaml: 'groups:\n- name: a\n  limit: 0x10\n- name: b\n  limit: 1_000\n- name: c\n  limit: 2.5\n- name: d\n  limit: ~\n',
    ok: true,
  },
  {
    name: 'a quoted limit',
    yaml: 'groups:\n- name: g\n  limit: "5"\n',
    ok: false,
    errors: ['f.yml: 3:10: cannot unmarshal !!str `5` into int'],
  },
  { name: 'a null duration is zero', yaml: rule('alert: A\nexpr: up\nfor: ~'), ok: true },
  {
    name: 'null groups and rules are skipped',
    yaml: 'groups:\n- ~\n- name: g\n  rules:\n  -\n  - ~\n',
    ok: true,
  },
  {
    name: 'rules that are not a list',
    yaml: 'groups:\n- name: g\n  rules: none\n',
    ok: false,
    errors: ['f.yml: 3:10: cannot unmarshal !!str `none` into []rulefmt.RuleNode'],
  },
  {
    name: 'labels that are not a mapping',
    yaml: rule('alert: A\nexpr: up\nlabels: [a, b]'),
    ok: false,
    errors: ['f.yml: 6:13: cannot unmarshal !!seq into map[string]string'],
  },
  {
    name: 'a file that is a list',
    yaml: '- name: g\n',
    ok: false,
    errors: [/cannot unmarshal !!seq into rulefmt\.RuleGroups/],
  },
  {
    name: 'a YAML syntax error',
    yaml: 'groups:\n- name: [g\n',
    ok: false,
    errors: [/^f\.yml: \d+:\d+: yaml: /],
  },
  {
    name: 'a repeated key',
    yaml: 'groups:\n- name: g\n  name: h\n',
    ok: false,
    errors: [/^f\.yml: 3:3: yaml: Map keys must be unique/],
  },
  ...TEMPLATE_CASES,
];
