import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleRun } from './rule-run.js';
import { ruleRunTables } from './rule-run-tables.js';

/** A run whose evaluations took `ms` each, its rules `rules` (name → ms per evaluation). */
function run(ms: number[], rules: Record<string, number[]>, overrides: Partial<RuleRun> = {}) {
  return {
    evaluations: ms.map((m, i) => ({ timeMs: i * 5000, seconds: m / 1000 })),
    ruleMs: new Map(Object.entries(rules)),
    recordedSeries: 10,
    alerts: { pending: 2, firing: 1 },
    alertsByName: new Map([
      ['AppBusyOver5m pending', 2],
      ['AppBusyOver5m firing', 1],
    ]),
    failures: [],
    ...overrides,
  } satisfies RuleRun;
}

test('the figures: medians of the group durations, their ratio, and rules per second', () => {
  const cases: {
    name: string;
    ours: RuleRun;
    theirs?: RuleRun;
    expected: Record<string, number | null>;
  }[] = [
    {
      name: 'ours twice as slow',
      ours: run([300, 100, 200], {}, { writeMs: [50, 70, 60] }),
      theirs: run([100, 50, 150], {}),
      expected: {
        rule_eval_ratio: 2,
        rules_per_s: 600,
        ours_ms: 200,
        ours_write_ms: 60,
        ratio_without_writes: 1.4,
        prometheus_ms: 100,
        prometheus_rules_per_s: 1200,
      },
    },
    {
      name: 'without Prometheus no ratio',
      ours: run([240], {}, { writeMs: [40] }),
      expected: {
        rule_eval_ratio: null,
        rules_per_s: 500,
        ours_ms: 240,
        ours_write_ms: 40,
        ratio_without_writes: null,
        prometheus_ms: null,
        prometheus_rules_per_s: null,
      },
    },
  ];
  for (const { name, ours, theirs, expected } of cases) {
    assert.deepEqual({ ...ruleRunTables(ours, theirs, 120).figures }, expected, name);
  }
});

test('the time by kind adds a kind’s windows, slowest first, with both sides and their ratio', () => {
  const ours = run([100], {
    'route:app_requests:rate5m': [2, 4, 3],
    'route:app_requests:rate1h': [5, 5, 5],
    AppBusyOver5m: [1, 1, 1],
  });
  const theirs = run([100], {
    'route:app_requests:rate5m': [1, 1, 1],
    'route:app_requests:rate1h': [3, 3, 3],
    AppBusyOver5m: [2, 2, 2],
  });
  const rows = ruleRunTables(ours, theirs, 3)
    .byKind.split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/));
  assert.deepEqual(rows, [
    ['route:app_requests:rate', '2', '8.00', '4.00', '2.00'],
    ['AppBusy', '1', '1.00', '2.00', '0.50'],
  ]);
});

test('warnings say where the two sides did not do the same work', () => {
  const cases: { name: string; ours: RuleRun; theirs: RuleRun; expected: RegExp[] }[] = [
    { name: 'the same output', ours: run([1], {}), theirs: run([1], {}), expected: [] },
    {
      name: 'other recorded series',
      ours: run([1], {}, { recordedSeries: 9 }),
      theirs: run([1], {}),
      expected: [/recorded series differ \(ours 9, Prometheus 10\)/],
    },
    {
      name: 'the same alerts in other states',
      ours: run(
        [1],
        {},
        {
          alerts: { pending: 3, firing: 0 },
          alertsByName: new Map([['AppBusyOver5m pending', 3]]),
        },
      ),
      theirs: run([1], {}),
      expected: [
        /ours 3 pending \/ 0 firing, Prometheus 2 pending \/ 1 firing; ours\/Prometheus: AppBusyOver5m pending 3\/2, AppBusyOver5m firing 0\/1\): the same alerts/,
      ],
    },
    {
      name: 'other alerts',
      ours: run([1], {}, { alerts: { pending: 5, firing: 1 } }),
      theirs: run([1], {}),
      expected: [/did not do the same work/],
    },
    {
      name: 'a failed rule',
      ours: run([1], {}, { failures: ['job:x:rate5m: boom'] }),
      theirs: run([1], {}),
      expected: [/^ours failed job:x:rate5m: boom$/],
    },
  ];
  for (const { name, ours, theirs, expected } of cases) {
    const { warnings } = ruleRunTables(ours, theirs, 1);
    assert.equal(warnings.length, expected.length, `${name}: ${warnings.join('; ')}`);
    for (const [i, pattern] of expected.entries()) {
      assert.match(warnings[i] as string, pattern, name);
    }
  }
});
