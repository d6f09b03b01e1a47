import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAlertValue, formatEvaluationTime } from './alerts-format.js';
import { alertsFixture, rulesFixture } from './rules-fixture.js';
import {
  activeAlerts,
  countFiring,
  countRuleStates,
  ruleMatches,
  rulesByFile,
} from './rules-view.js';
import { type AlertsViewState, decodeAlertsState, encodeAlertsState } from './url-state.js';

const NOW = Date.UTC(2026, 11, 7, 10, 0, 0);
const ALL: AlertsViewState = { states: [], search: '' };
const names = (state: AlertsViewState) =>
  rulesByFile(rulesFixture(NOW).groups, state).map(({ file, groups }) => ({
    file,
    groups: groups.map(({ group, rules }) => [group.name, ...rules.map((rule) => rule.name)]),
  }));

describe('alerts URL state', () => {
  const rows = [
    { search: '', state: ALL },
    { search: '?state=firing', state: { states: ['firing'], search: '' } },
    {
      search: '?state=pending&state=firing&search=latency',
      state: { states: ['pending', 'firing'], search: 'latency' },
    },
  ] as const;
  for (const { search, state } of rows) {
    it(`decodes and encodes ${search || '(empty)'}`, () => {
      assert.deepEqual(decodeAlertsState(search), state);
      assert.equal(encodeAlertsState({ ...state, states: [...state.states] }), search);
    });
  }
  it('keeps one order and drops states it does not know', () => {
    const state = decodeAlertsState('?state=firing&state=bogus&state=inactive&state=firing');
    assert.deepEqual(state.states, ['inactive', 'firing']);
    assert.equal(encodeAlertsState(state), '?state=inactive&state=firing');
  });
});

describe('rules by file and group', () => {
  it('keeps every rule in the API order without filters', () => {
    assert.deepEqual(names(ALL), [
      {
        file: 'infrastructure/rules/lab.rules.yml',
        groups: [
          [
            'demo-app',
            'endpoint:app_requests:rate5m',
            'DemoAppHighLatency',
            'DemoAppHighErrorRatio',
          ],
          ['scrape-targets', 'ScrapeTargetDown'],
        ],
      },
      {
        file: '/etc/otel-lab/rules/experiments.yml',
        groups: [['experiments', 'instance:cpu:ratio', 'PaymentsStalled']],
      },
    ]);
  });

  const filtered = [
    {
      why: 'a state filter keeps alerting rules in those states, and drops emptied groups',
      state: { states: ['firing', 'pending'], search: '' },
      expected: [
        {
          file: 'infrastructure/rules/lab.rules.yml',
          groups: [['demo-app', 'DemoAppHighLatency', 'DemoAppHighErrorRatio']],
        },
      ],
    },
    {
      why: 'inactive leaves out rules never evaluated (state unknown, as Prometheus 3 reports them)',
      state: { states: ['inactive'], search: '' },
      expected: [
        {
          file: 'infrastructure/rules/lab.rules.yml',
          groups: [['scrape-targets', 'ScrapeTargetDown']],
        },
      ],
    },
    {
      why: 'the search matches names ignoring case',
      state: { states: [], search: '  ERRORratio ' },
      expected: [
        {
          file: 'infrastructure/rules/lab.rules.yml',
          groups: [['demo-app', 'DemoAppHighErrorRatio']],
        },
      ],
    },
    {
      why: 'the search matches label values',
      state: { states: [], search: 'warning' },
      expected: [
        {
          file: 'infrastructure/rules/lab.rules.yml',
          groups: [['demo-app', 'DemoAppHighLatency']],
        },
      ],
    },
    {
      why: 'state and search together',
      state: { states: ['inactive'], search: 'critical' },
      expected: [
        {
          file: 'infrastructure/rules/lab.rules.yml',
          groups: [['scrape-targets', 'ScrapeTargetDown']],
        },
      ],
    },
    { why: 'nothing matches', state: { states: [], search: 'no such rule' }, expected: [] },
  ] as const;
  for (const { why, state, expected } of filtered) {
    it(why, () => assert.deepEqual(names({ ...state, states: [...state.states] }), expected));
  }

  it('a recording rule matches no state', () => {
    const recording = rulesFixture(NOW).groups[0]?.rules[0];
    assert.equal(recording?.type, 'recording');
    if (!recording) return;
    assert.equal(ruleMatches(recording, { states: ['inactive'], search: '' }), false);
    assert.equal(ruleMatches(recording, ALL), true);
  });

  it('counts alerting rules by state, whatever the filter; one never evaluated (unknown) in none', () => {
    assert.deepEqual(countRuleStates(rulesFixture(NOW).groups), {
      inactive: 1,
      pending: 1,
      firing: 1,
    });
  });

  it('tolerates null rules, labels and alerts (Go nil slices and maps)', () => {
    const groups = rulesFixture(NOW).groups.map((group) => ({
      ...group,
      rules: group.rules.map((rule) => ({ ...rule, labels: null, alerts: null })),
    }));
    assert.equal(activeAlerts(groups, ALL).length, 0);
    assert.equal(rulesByFile(groups, { states: [], search: 'demo' }).length, 1);
    assert.deepEqual(rulesByFile([{ ...groups[0], rules: null } as never], ALL), []);
  });
});

describe('active alerts', () => {
  it('lists firing alerts first, then the longest active', () => {
    const views = activeAlerts(rulesFixture(NOW).groups, ALL);
    assert.deepEqual(
      views.map((view) => [view.alert.state, view.rule.name, view.group.name]),
      [
        ['firing', 'DemoAppHighErrorRatio', 'demo-app'],
        ['pending', 'DemoAppHighLatency', 'demo-app'],
      ],
    );
  });
  it('follows the filters', () => {
    const views = activeAlerts(rulesFixture(NOW).groups, { states: ['pending'], search: '' });
    assert.deepEqual(
      views.map((view) => view.rule.name),
      ['DemoAppHighLatency'],
    );
  });
  it('the nav counts firing alerts only', () => {
    assert.equal(countFiring(alertsFixture(NOW)), 1);
    assert.equal(countFiring([]), 0);
  });
});

describe('alerts page text', () => {
  const rows = [
    [0.0042, '4.2ms'],
    [0.0000123, '12µs'],
    [0, '0µs'],
    [2.345, '2.35s'],
    [Number.NaN, '–'],
  ] as const;
  for (const [seconds, text] of rows) {
    it(`evaluation time ${seconds} s reads ${text}`, () =>
      assert.equal(formatEvaluationTime(seconds), text));
  }
  const values = [
    ['3.12e-01', '0.312'],
    ['1234567', '1235000'],
    ['NaN', 'NaN'],
    ['+Inf', '+Inf'],
  ] as const;
  for (const [value, text] of values) {
    it(`value ${value} reads ${text}`, () => assert.equal(formatAlertValue(value), text));
  }
});
