import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type GroupEvaluation, lastGroupEvaluation } from './rule-group-gauges.js';

/** /metrics as Prometheus 2.42 writes the two gauges, for the groups given. */
function page(groups: { ruleGroup: string; timestamp: string; duration: string }[]): string {
  return [
    '# HELP prometheus_rule_group_interval_seconds The interval of a rule group.',
    '# TYPE prometheus_rule_group_interval_seconds gauge',
    ...groups.map((g) => `prometheus_rule_group_interval_seconds{rule_group="${g.ruleGroup}"} 5`),
    '# HELP prometheus_rule_group_last_duration_seconds The duration of the last rule group evaluation.',
    '# TYPE prometheus_rule_group_last_duration_seconds gauge',
    ...groups.map(
      (g) =>
        `prometheus_rule_group_last_duration_seconds{rule_group="${g.ruleGroup}"} ${g.duration}`,
    ),
    '# HELP prometheus_rule_group_last_evaluation_timestamp_seconds The timestamp of the last rule group evaluation in seconds.',
    '# TYPE prometheus_rule_group_last_evaluation_timestamp_seconds gauge',
    ...groups.map(
      (g) =>
        `prometheus_rule_group_last_evaluation_timestamp_seconds{rule_group="${g.ruleGroup}"} ${g.timestamp}`,
    ),
    '',
  ].join('\n');
}

test('lastGroupEvaluation reads the named group’s timestamp and duration, whatever the file', () => {
  const cases: { name: string; text: string; group: string; expected?: GroupEvaluation }[] = [
    {
      name: 'one group, Go’s exponent notation',
      text: page([
        { ruleGroup: '/tmp/x/rules.yml;bench', timestamp: '1.765103255e+09', duration: '0.0421' },
      ]),
      group: 'bench',
      expected: { timeMs: 1_765_103_255_000, seconds: 0.0421 },
    },
    {
      name: 'the named group among others',
      text: page([
        { ruleGroup: '/a.yml;other', timestamp: '1.7e+09', duration: '9' },
        { ruleGroup: '/b.yml;bench', timestamp: '1765103260.5', duration: '1.5e-02' },
      ]),
      group: 'bench',
      expected: { timeMs: 1_765_103_260_500, seconds: 0.015 },
    },
    {
      name: 'a group whose name only ends like it',
      text: page([{ ruleGroup: '/a.yml;mybench', timestamp: '1.7e+09', duration: '1' }]),
      group: 'bench',
    },
    {
      name: 'not evaluated yet: Go’s zero time',
      text: page([{ ruleGroup: '/a.yml;bench', timestamp: '-6.21355968e+10', duration: '0' }]),
      group: 'bench',
    },
    { name: 'no rule groups at all', text: page([]), group: 'bench' },
  ];
  for (const { name, text, group, expected } of cases) {
    assert.deepEqual(lastGroupEvaluation(text, group), expected, name);
  }
});
