import type { RuleFileCase } from './rule-file-case';
import { TEMPLATE_CASES } from './rule-file-template-cases';

export type { RuleFileCase };

/**
 * Rule files for the tests: each one Prometheus 2.42's `promtool check rules` accepts (`ok`) or
 * rejects, and the error lines we and promtool print for it (file `f.yml`), unless `differs`
 * says why ours are not promtool's.
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
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 3: field evaluation not found in type rulefmt.RuleGroup',
    ],
  },
  {
    name: 'an unknown rule field',
    yaml: rule('record: a\nexpr: up\nvalue: 1'),
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 6: field value not found in type rulefmt.RuleNode',
    ],
  },
  {
    name: 'an unknown top-level field',
    yaml: 'groups: []\nrules: []\n',
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 2: field rules not found in type rulefmt.RuleGroups',
    ],
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
    errors: [
      `f.yml: 4:13: 5:12: group "g", rule 1, "B": only one of 'record' and 'alert' must be set`,
    ],
  },
  {
    name: 'neither record nor alert',
    yaml: rule('expr: up'),
    ok: false,
    errors: [`f.yml: 0:0: group "g", rule 1, "": one of 'record' or 'alert' must be set`],
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
    errors: ['f.yml: group "g", rule 1, "A": invalid label name: bad-name'],
  },
  {
    name: 'the metric name as a label',
    yaml: rule('record: a\nexpr: up\nlabels: { __name__: x }'),
    ok: false,
    errors: ['f.yml: group "g", rule 1, "a": invalid label name: __name__'],
  },
  {
    name: 'an invalid annotation name',
    yaml: rule('alert: A\nexpr: up\nannotations: { a.b: x }'),
    ok: false,
    errors: ['f.yml: group "g", rule 1, "A": invalid annotation name: a.b'],
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
    errors: [
      'f.yml: 5:11: group "g", rule 1, "A": could not parse expression: 1:7: parse error: unclosed left parenthesis',
    ],
  },
  {
    name: 'no expression',
    yaml: rule('record: a'),
    ok: false,
    errors: [`f.yml: 0:0: group "g", rule 1, "a": field 'expr' must be set in rule`],
  },
  {
    name: 'every problem of every rule',
    yaml: `${rule('record: a\nexpr: up +')}  - alert: B\n    expr: up\n    labels: { 0x: y }\n`,
    ok: false,
    errors: [
      'f.yml: 5:11: group "g", rule 1, "a": could not parse expression: 1:5: parse error: unexpected end of input',
      'f.yml: group "g", rule 2, "B": invalid label name: 0x',
    ],
  },
  {
    name: 'a duration without a unit',
    yaml: rule('alert: A\nexpr: up\nfor: 5'),
    ok: false,
    errors: ['f.yml: not a valid duration string: "5"'],
  },
  {
    name: 'a limit that is not a number',
    yaml: 'groups:\n- name: g\n  limit: ten\n',
    ok: false,
    errors: ['f.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `ten` into int'],
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
    errors: ['f.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `5` into int'],
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
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `none` into []rulefmt.RuleNode',
    ],
  },
  {
    name: 'labels that are not a mapping',
    yaml: rule('alert: A\nexpr: up\nlabels: [a, b]'),
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 6: cannot unmarshal !!seq into map[string]string',
    ],
  },
  {
    name: 'a file that is a list',
    yaml: '- name: g\n',
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into rulefmt.RuleGroups',
      'f.yml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into rulefmt.ruleGroups',
    ],
  },
  {
    name: 'a YAML syntax error',
    yaml: 'groups:\n- name: [g\n',
    ok: false,
    errors: [/^f\.yml: yaml: line \d+: /],
    differs:
      "the YAML parser is not Go's libyaml: the message and its line are the parser's own, and it is printed once where promtool prints it twice (it decodes the file twice)",
  },
  {
    name: 'a repeated key',
    yaml: 'groups:\n- name: g\n  name: h\n',
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 3: mapping key "name" already defined at line 2',
    ],
  },
  {
    name: 'absent, empty and null record and expr, placed as promtool places them',
    yaml: 'groups:\n- name: g\n  rules:\n  - expr: up\n  - record: a\n  - record: b\n    expr:\n  - record: c\n    expr: ~\n  - record: a\n    alert: B\n    expr: up\n    labels: { bad-name: x }\n    annotations: { a.b: x }\n',
    ok: false,
    errors: [
      `f.yml: 0:0: group "g", rule 1, "": one of 'record' or 'alert' must be set`,
      `f.yml: 0:0: group "g", rule 2, "a": field 'expr' must be set in rule`,
      `f.yml: 7:10: group "g", rule 3, "b": field 'expr' must be set in rule`,
      `f.yml: 9:11: group "g", rule 4, "c": could not parse expression: 1:1: parse error: unexpected character: '~'`,
      `f.yml: 10:13: 11:12: group "g", rule 5, "B": only one of 'record' and 'alert' must be set`,
      `f.yml: 10:13: group "g", rule 5, "B": invalid field 'annotations' in recording rule`,
      'f.yml: group "g", rule 5, "B": invalid label name: bad-name',
      'f.yml: group "g", rule 5, "B": invalid annotation name: a.b',
    ],
  },
  {
    name: "every rule's unknown fields and wrong types, in one message",
    yaml: `${rule('record: a\nexpr: up\nvalue: 1\nlabels: [a]')}  - alert: B\n    expr: up\n    bogus: 2\n`,
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 6: field value not found in type rulefmt.RuleNode\n  line 7: cannot unmarshal !!seq into map[string]string\n  line 10: field bogus not found in type rulefmt.RuleNode',
    ],
  },
  {
    name: 'a repeated key leaves the rest of its mapping unread',
    yaml: 'groups:\n- name: g\n  name: h\n  bogus: 1\n  limit: x\n- name: z\n  bogus: 2\n  rules:\n  - record: a\n    expr: up\n    labels: {a: b, a: c}\n    labels: {}\n',
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 3: mapping key "name" already defined at line 2\n  line 7: field bogus not found in type rulefmt.RuleGroup\n  line 12: mapping key "labels" already defined at line 11',
    ],
  },
  {
    name: 'a repeated label name',
    yaml: rule('record: a\nexpr: up\nlabels: {a: b, a: c}'),
    ok: false,
    errors: ['f.yml: yaml: unmarshal errors:\n  line 6: mapping key "a" already defined at line 6'],
  },
  {
    name: 'a bad duration ends the decoding: earlier type errors go unreported',
    yaml: 'groups:\n- name: g\n  limit: ten\n  rules:\n  - alert: A\n    expr: up\n    for: 5\n    keep_firing_for: 1\n',
    ok: false,
    errors: ['f.yml: not a valid duration string: "5"'],
  },
  {
    name: 'groups that are not a list, reported by both of decodings',
    yaml: 'groups: none\n',
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `none` into []rulefmt.RuleGroup',
      'f.yml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `none` into []yaml.Node',
    ],
  },
  {
    name: 'a repeated top-level key',
    yaml: 'groups: []\ngroups: []\n',
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 2: mapping key "groups" already defined at line 1',
      'f.yml: yaml: unmarshal errors:\n  line 2: mapping key "groups" already defined at line 1',
    ],
  },
  {
    name: 'a file that is a word',
    yaml: 'hello\n',
    ok: false,
    errors: [
      'f.yml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into rulefmt.RuleGroups',
      'f.yml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into rulefmt.ruleGroups',
    ],
  },
  {
    name: "Prometheus 3's group fields",
    yaml: 'groups:\n- name: g\n  query_offset: 1m\n  labels: { team: lab }\n',
    ok: true,
    promtoolOk: false,
    differs:
      'we read the group fields query_offset and labels of Prometheus 2.53 and 3, which 2.42 refuses as unknown',
  },
  ...TEMPLATE_CASES,
];
