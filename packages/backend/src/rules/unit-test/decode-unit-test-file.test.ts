import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeUnitTestFile } from './decode-unit-test-file';
import type { UnitTestFile } from './unit-test-file';

test('a full file decodes with durations in ms and external labels sorted', () => {
  const file = decodeUnitTestFile(`
rule_files: [a.yml, 'b/*.yml']
evaluation_interval: 30s
fuzzy_compare: true
group_eval_order: [g2, g1]
tests:
  - name: one
    interval: 1m
    start_timestamp: '2024-01-01T00:00:00Z'
    external_labels: { zone: b, cluster: a }
    external_url: http://x
    input_series:
      - series: 'up{job="a"}'
        values: 1+1x3 _ stale
    alert_rule_test:
      - eval_time: 1h5m
        alertname: A
        exp_alerts:
          - exp_labels: { severity: page }
          - exp_annotations: { summary: s }
    promql_expr_test:
      - expr: up
        eval_time: 90s
        exp_samples:
          - labels: up
            value: 1.0
          - labels: '{}'
            value: .inf
`) as UnitTestFile;
  assert.deepEqual(file, {
    ruleFiles: ['a.yml', 'b/*.yml'],
    evaluationIntervalMs: 30_000,
    groupEvalOrder: ['g2', 'g1'],
    fuzzyCompare: true,
    tests: [
      {
        intervalMs: 60_000,
        inputSeries: [{ series: 'up{job="a"}', values: '1+1x3 _ stale' }],
        alertRuleTests: [
          {
            evalTimeMs: 3_900_000,
            alertname: 'A',
            expAlerts: [
              { expLabels: [['severity', 'page']], expAnnotations: null },
              { expLabels: null, expAnnotations: [['summary', 's']] },
            ],
          },
        ],
        promqlExprTests: [
          {
            expr: 'up',
            evalTimeMs: 90_000,
            expSamples: [
              { labels: 'up', value: 1 },
              { labels: '{}', value: Number.POSITIVE_INFINITY },
            ],
          },
        ],
        externalLabels: [
          ['cluster', 'a'],
          ['zone', 'b'],
        ],
        externalUrl: 'http://x',
        name: 'one',
        startTimestampMs: 1_704_067_200_000,
      },
    ],
  });
});

test('an empty file is no tests; plain scalars keep their text in string fields', () => {
  assert.deepEqual(decodeUnitTestFile(''), {
    ruleFiles: [],
    evaluationIntervalMs: 0,
    groupEvalOrder: [],
    tests: [],
    fuzzyCompare: false,
  });
  const file = decodeUnitTestFile(
    'tests:\n  - input_series:\n      - series: x\n        values: 1.50\n',
  );
  assert.equal((file as UnitTestFile).tests[0]?.inputSeries[0]?.values, '1.50');
});

test('bad files fail with yaml.v2 messages (checked against promtool 2.42)', () => {
  const cases: [string, string, string][] = [
    [
      'unknown fields at each level, with their lines',
      'rule_files: []\ncolour: true\ntests:\n  - interval: 1m\n    color: blue\n    input_series:\n      - series: x\n        unit: s\n',
      'yaml: unmarshal errors:\n  line 2: field colour not found in type main.unitTestFile\n  line 5: field color not found in type main.testGroup\n  line 8: field unit not found in type main.series',
    ],
    [
      'a value that is not a number',
      'tests:\n  - promql_expr_test:\n      - expr: up\n        exp_samples:\n          - value: "1"\n',
      'yaml: unmarshal errors:\n  line 5: cannot unmarshal !!str `1` into float64',
    ],
    ['a bad duration', 'evaluation_interval: 1x\n', 'not a valid duration string: "1x"'],
    [
      'a bad start_timestamp (Prometheus 3.9+)',
      'tests:\n  - start_timestamp: yesterday\n',
      'cannot parse "yesterday" to a valid timestamp',
    ],
    [
      'a list where a map belongs',
      'tests: [[1]]\n',
      'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into main.testGroup',
    ],
  ];
  for (const [name, text, message] of cases) {
    const result = decodeUnitTestFile(text);
    assert.ok(result instanceof Error, name);
    assert.equal(result.message, message, name);
  }
});

test('start_timestamp takes Unix seconds or RFC 3339; --ignore-unknown-fields skips unknown fields', () => {
  const cases: [string, number][] = [
    ['1609459200', 1_609_459_200_000],
    ['1609459200.5', 1_609_459_200_500],
    ["'2024-01-01T01:00:00+01:00'", 1_704_067_200_000],
  ];
  for (const [text, ms] of cases) {
    const file = decodeUnitTestFile(`tests:\n  - start_timestamp: ${text}\n`) as UnitTestFile;
    assert.equal(file.tests[0]?.startTimestampMs, ms, text);
  }
  const extra = 'owner: me\ntests:\n  - team: x\n    interval: 2m\n';
  assert.ok(decodeUnitTestFile(extra) instanceof Error);
  const file = decodeUnitTestFile(extra, { ignoreUnknownFields: true }) as UnitTestFile;
  assert.equal(file.tests[0]?.intervalMs, 120_000);
});
