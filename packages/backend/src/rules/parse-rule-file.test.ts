import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRuleFile } from './parse-rule-file';
import { RULE_FILE_CASES } from './rule-file-cases';
import { formatRuleFileError } from './rule-types';

test('each rule file gets every error promtool reports, placed by file, group and rule', () => {
  for (const c of RULE_FILE_CASES) {
    const { groups, errors } = parseRuleFile('f.yml', c.yaml);
    const got = errors.map(formatRuleFileError);
    if (c.ok) {
      assert.deepEqual(got, [], c.name);
      continue;
    }
    assert.equal(groups.length, 0, `${c.name}: a file with errors yields no groups`);
    assert.equal(got.length, c.errors?.length, `${c.name}: ${got.join('\n')}`);
    c.errors?.forEach((expected, i) => {
      if (typeof expected === 'string') assert.equal(got[i], expected, c.name);
      else assert.match(got[i] ?? '', expected, c.name);
    });
  }
});

test('a valid file reads as typed groups and rules, durations in milliseconds', () => {
  const yaml = `groups:
- name: lab
  interval: 1m30s
  query_offset: 15s
  limit: 10
  labels: { env: lab }
  rules:
  - record: job:up:sum
    expr: sum by (job) (up)
    labels: { team: x }
  - alert: Down
    expr: job:up:sum == 0
    for: 5m
    keep_firing_for: 1m
    annotations: { summary: a job is down }
- name: defaults
  interval: 0s
  rules:
  - alert: Always
    expr: vector(1)
`;
  const { groups, errors } = parseRuleFile('f.yml', yaml);
  assert.deepEqual(errors, []);
  assert.deepEqual(groups, [
    {
      file: 'f.yml',
      name: 'lab',
      intervalMs: 90_000,
      limit: 10,
      queryOffsetMs: 15_000,
      labels: { env: 'lab' },
      rules: [
        {
          kind: 'recording',
          record: 'job:up:sum',
          expr: 'sum by (job) (up)',
          labels: { team: 'x' },
        },
        {
          kind: 'alerting',
          alert: 'Down',
          expr: 'job:up:sum == 0',
          forMs: 300_000,
          keepFiringForMs: 60_000,
          labels: {},
          annotations: { summary: 'a job is down' },
        },
      ],
    },
    {
      file: 'f.yml',
      name: 'defaults',
      intervalMs: undefined,
      limit: 0,
      queryOffsetMs: undefined,
      labels: {},
      rules: [
        {
          kind: 'alerting',
          alert: 'Always',
          expr: 'vector(1)',
          forMs: 0,
          keepFiringForMs: 0,
          labels: {},
          annotations: {},
        },
      ],
    },
  ]);
});

test('group labels are checked like rule labels, without a position as Prometheus 3 reports them', () => {
  const { errors } = parseRuleFile(
    'f.yml',
    'groups:\n- name: g\n  labels: { __name__: x, ok: y }\n',
  );
  assert.deepEqual(errors.map(formatRuleFileError), ['f.yml: invalid label name: __name__']);
});

test('a limit reads as yaml.v3 reads an int: any plain number, truncated', () => {
  const cases: [string, number][] = [
    ['10', 10],
    ['0x10', 16],
    ['1_000', 1000],
    ['2.5', 2],
    ['~', 0],
  ];
  for (const [text, expected] of cases) {
    const { groups, errors } = parseRuleFile('f.yml', `groups:\n- name: g\n  limit: ${text}\n`);
    assert.deepEqual(errors, [], text);
    assert.equal(groups[0]?.limit, expected, text);
  }
});
