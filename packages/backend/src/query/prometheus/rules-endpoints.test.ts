import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sharedConformance } from '@otel-lab/testkit';
import { parse } from 'yaml';
import { ApiError } from './api-response.js';
import { alertsEndpoint, NO_RULES, rulesEndpoint } from './rules-endpoints.js';
import { FIXTURE_VIEW, LAB_GROUP } from './rules-fixture.js';
import { goExponentFloat, goTime } from './rules-json.js';

type Json = Record<string, unknown>;

const rules = (query: Record<string, string | string[]> = {}, view = FIXTURE_VIEW) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of [value].flat()) params.append(name, v);
  }
  return rulesEndpoint(view, params).data as { groups: Json[]; groupNextToken?: string };
};

const rulesOf = (group: Json | undefined) => (group?.rules ?? []) as Json[];

/** group/rule for each rule answered, in order. */
const picked = (query: Record<string, string | string[]>) =>
  rules(query).groups.flatMap((g) => (g.rules as Json[]).map((r) => `${g.name}/${r.name}`));

describe('/api/v1/rules', () => {
  test('a group, its rules and their alerts in Prometheus 3 shape', () => {
    const [lab] = rules({ 'rule_group[]': 'lab' }).groups;
    assert.deepEqual(lab, {
      name: 'lab',
      file: '/etc/rules/lab.yml',
      rules: [
        {
          name: 'route:requests:rate5m',
          query: 'sum by (route) (rate(http_server_duration_count[5m]))',
          labels: { team: 'shop' },
          health: 'ok',
          evaluationTime: 0.0002,
          lastEvaluation: '2026-01-02T13:36:56.874Z',
          type: 'recording',
        },
        {
          state: 'firing',
          name: 'HighErrorRate',
          query: 'route:errors:ratio5m > 0.05',
          duration: 120,
          keepFiringFor: 30,
          labels: { severity: 'page', team: 'shop' },
          annotations: { description: 'high', summary: 'errors on {{ $labels.route }}' },
          alerts: [
            {
              labels: {
                alertname: 'HighErrorRate',
                route: '/api/orders',
                severity: 'page',
                team: 'shop',
              },
              annotations: { description: 'high', summary: 'errors on /api/orders' },
              state: 'firing',
              activeAt: '2026-01-02T13:30:00Z',
              value: '2.5e-01',
            },
            {
              labels: {
                alertname: 'HighErrorRate',
                route: '/api/products',
                severity: 'page',
                team: 'shop',
              },
              annotations: { description: 'high', summary: 'errors on /api/products' },
              state: 'pending',
              activeAt: '2026-01-02T13:36:00.5Z',
              keepFiringSince: '2026-01-02T13:36:30Z',
              value: '1e-07',
            },
          ],
          health: 'ok',
          evaluationTime: 0.0003,
          lastEvaluation: '2026-01-02T13:36:56.874Z',
          type: 'alerting',
        },
      ],
      interval: 15,
      limit: 0,
      evaluationTime: 0.00056,
      lastEvaluation: '2026-01-02T13:36:56.874Z',
    });
    // Label names in order, as Go's labels.Labels writes them.
    const alerting = rulesOf(lab)[1] as Json;
    assert.deepEqual(Object.keys(alerting.annotations as Json), ['description', 'summary']);
  });

  test('rules never evaluated (an alerting rule is in state unknown, as in Prometheus 3), and a failed one', () => {
    const [slow] = rules({ 'rule_group[]': 'slow' }).groups;
    const [down, sum] = rulesOf(slow);
    assert.equal(slow?.lastEvaluation, '0001-01-01T00:00:00Z');
    assert.deepEqual(
      [down?.state, down?.health, down?.lastEvaluation, down?.alerts, 'lastError' in (down ?? {})],
      ['unknown', 'unknown', '0001-01-01T00:00:00Z', [], false],
    );
    assert.deepEqual(
      [sum?.health, sum?.lastError, sum?.evaluationTime],
      ['err', 'query timed out', 1.5],
    );
  });

  const filters: [string, Record<string, string | string[]>, string[]][] = [
    [
      'no filter',
      {},
      ['lab/route:requests:rate5m', 'lab/HighErrorRate', 'slow/TargetDown', 'slow/job:up:sum'],
    ],
    ['type=alert', { type: 'alert' }, ['lab/HighErrorRate', 'slow/TargetDown']],
    [
      'type=RECORD, case aside',
      { type: 'RECORD' },
      ['lab/route:requests:rate5m', 'slow/job:up:sum'],
    ],
    [
      'rule_name[], two of them',
      { 'rule_name[]': ['TargetDown', 'route:requests:rate5m'] },
      ['lab/route:requests:rate5m', 'slow/TargetDown'],
    ],
    ['rule_group[]', { 'rule_group[]': 'slow' }, ['slow/TargetDown', 'slow/job:up:sum']],
    [
      'file[]',
      { 'file[]': '/etc/rules/lab.yml' },
      ['lab/route:requests:rate5m', 'lab/HighErrorRate'],
    ],
    ['file[] of no group', { 'file[]': 'lab.yml' }, []],
    [
      "match[] over the rule's labels, the group's included",
      { 'match[]': '{team="shop"}' },
      ['lab/route:requests:rate5m', 'lab/HighErrorRate'],
    ],
    [
      'match[] selectors are ORed',
      { 'match[]': ['{severity="ticket"}', '{severity=~"pa.e"}'] },
      ['lab/HighErrorRate', 'slow/TargetDown'],
    ],
    ['match[] no rule has', { 'match[]': '{severity="info"}' }, []],
    [
      'filters together, an emptied group dropped',
      { type: 'alert', 'match[]': '{severity!=""}', 'rule_group[]': ['lab', 'slow'] },
      ['lab/HighErrorRate', 'slow/TargetDown'],
    ],
    [
      'a group emptied by type is dropped',
      { type: 'record', 'rule_name[]': 'job:up:sum' },
      ['slow/job:up:sum'],
    ],
  ];
  for (const [name, query, expected] of filters) {
    test(`filter: ${name}`, () => assert.deepEqual(picked(query), expected));
  }

  test('exclude_alerts leaves alerts out (null, as Go writes a nil slice)', () => {
    for (const value of ['true', '1', 'T', 'TRUE']) {
      const alerting = rulesOf(rules({ exclude_alerts: value }).groups[0])[1];
      assert.equal(alerting?.alerts, null, value);
    }
    const kept = rulesOf(rules({ exclude_alerts: 'false' }).groups[0])[1];
    assert.equal((kept?.alerts as unknown[] | undefined)?.length, 2);
  });

  test('group_limit pages through the groups with group_next_token', () => {
    const first = rules({ group_limit: '1' });
    assert.deepEqual(
      first.groups.map((g) => g.name),
      ['lab'],
    );
    assert.match(first.groupNextToken ?? '', /^[0-9a-f]{64}$/);
    const second = rules({ group_limit: '1', group_next_token: first.groupNextToken ?? '' });
    assert.deepEqual(
      second.groups.map((g) => g.name),
      ['slow'],
    );
    assert.equal(second.groupNextToken, undefined);
    assert.equal(rules({ group_limit: '2' }).groupNextToken, undefined);
  });

  const errors: [string, Record<string, string | string[]>, string][] = [
    [
      'an unknown type',
      { type: 'alerting' },
      'invalid parameter "type": not supported value "alerting"',
    ],
    [
      'exclude_alerts not a boolean',
      { exclude_alerts: 'Yes' },
      'invalid parameter "exclude_alerts": error converting exclude_alerts: strconv.ParseBool: parsing "yes": invalid syntax',
    ],
    ['a selector that does not parse', { 'match[]': '{job=' }, /./.source],
    [
      'a selector that matches everything',
      { 'match[]': '{job=~".*"}' },
      'match[] must contain at least one non-empty matcher',
    ],
    [
      'a token without a limit',
      { group_next_token: 'abc' },
      'invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups',
    ],
    [
      'a limit that is not a number',
      { group_limit: 'ten' },
      'invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing "ten": invalid syntax',
    ],
    [
      'a limit past int32',
      { group_limit: '2147483648' },
      'invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing "2147483648": value out of range',
    ],
    [
      'a limit of zero',
      { group_limit: '0' },
      'invalid parameter "group_limit": group_limit needs to be greater than 0',
    ],
    [
      'a token of no group',
      { group_limit: '1', group_next_token: 'abc' },
      'invalid parameter "group_next_token": invalid group_next_token \'abc\'. were rule groups changed?',
    ],
  ];
  for (const [name, query, message] of errors) {
    test(`400: ${name}`, () => {
      assert.throws(
        () => rules(query),
        (error: unknown) =>
          error instanceof ApiError &&
          error.errorType === 'bad_data' &&
          error.status === 400 &&
          (message === /./.source ? error.message.length > 0 : error.message === message),
      );
    });
  }

  test('no rules loaded: no groups, whatever the filters', () => {
    assert.deepEqual(rules({}, NO_RULES), { groups: [] });
    assert.deepEqual(rules({ type: 'alert', 'rule_name[]': 'x' }, NO_RULES), { groups: [] });
  });
});

describe('/api/v1/alerts', () => {
  test('every pending and firing alert', () => {
    const { alerts } = alertsEndpoint(FIXTURE_VIEW).data as { alerts: Json[] };
    assert.deepEqual(
      alerts.map((a) => [a.state, (a.labels as Json).route, a.value]),
      [
        ['firing', '/api/orders', '2.5e-01'],
        ['pending', '/api/products', '1e-07'],
      ],
    );
  });

  test('no rules loaded: no alerts', () => {
    assert.deepEqual(alertsEndpoint(NO_RULES).data, { alerts: [] });
  });
});

test('values and times as Go formats them', () => {
  const values: [number, string][] = [
    [1, '1e+00'],
    [0.25, '2.5e-01'],
    [123456.789, '1.23456789e+05'],
    [1e-300, '1e-300'],
    [0, '0e+00'],
    [-0, '-0e+00'],
    [-2, '-2e+00'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ];
  for (const [v, text] of values) assert.equal(goExponentFloat(v), text, String(v));
  assert.equal(goTime(Date.UTC(2026, 0, 2, 13, 30, 0, 120)), '2026-01-02T13:30:00.12Z');
  assert.equal(goTime(undefined), '0001-01-01T00:00:00Z');
});

describe('shapes against the OpenAPI description', () => {
  const corpus = sharedConformance('prometheus-openapi');
  const file = 'openapi_3.1_golden.yaml';
  test('groups, discovery and alerts have every required field and no other', {
    skip: corpus.skip(file),
  }, () => {
    const schemas = parse(readFileSync(join(corpus.dir, file), 'utf8')).components
      .schemas as Record<string, { required: string[]; properties: Json }>;
    const conforms = (value: Json, schema: string) => {
      const { required, properties } = schemas[schema] ?? { required: [], properties: {} };
      assert.ok(required.length > 0, schema);
      for (const field of required) assert.ok(field in value, `${schema} needs ${field}`);
      for (const field of Object.keys(value)) assert.ok(field in properties, `${schema}.${field}`);
    };
    const all = rules();
    conforms(all, 'RuleDiscovery');
    conforms(rules({ group_limit: '1' }), 'RuleDiscovery');
    for (const group of all.groups) conforms(group, 'RuleGroup');
    const alerts = (alertsEndpoint(FIXTURE_VIEW).data as { alerts: Json[] }).alerts;
    conforms({ alerts }, 'AlertDiscovery');
    for (const alert of alerts) conforms(alert, 'Alert');
    assert.equal(alerts.length, 2);
  });

  test("the description's example rule has no field ours lacks", {
    skip: corpus.skip(file),
  }, () => {
    const doc = parse(readFileSync(join(corpus.dir, file), 'utf8'));
    const example =
      doc.paths['/rules'].get.responses['200'].content['application/json'].examples.ruleGroups.value
        .data.groups[0];
    const ours = rules({ 'rule_group[]': 'lab' }).groups[0] as Json;
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(example).sort());
    const alerting = (ours.rules as Json[]).find((r) => r.type === 'alerting') as Json;
    for (const field of Object.keys(example.rules[0])) assert.ok(field in alerting, field);
    assert.equal(LAB_GROUP.rules.length, 2);
  });
});
