import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  BUILT_INS,
  dashboardPanels,
  parseLabelValues,
  substitute,
  variablePlans,
} from './dashboard-panels.js';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('dashboard panels', () => {
  test("the lab's dashboard: eight panels, seven with PromQL, one Jaeger", () => {
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'dashboards', 'demo-app.json'), 'utf8'));
    const panels = dashboardPanels(dashboard);
    assert.equal(panels.length, 8);
    assert.equal(panels.filter((panel) => panel.queries.length === 1).length, 7);
    assert.deepEqual(
      panels.filter((panel) => panel.queries.length === 0).map((p) => [p.title, p.otherSources]),
      [['Slowest recent traces', ['jaeger']]],
    );
  });

  test('rows are not panels, their panels are; hidden and empty targets are left out', () => {
    const panels = dashboardPanels({
      panels: [
        {
          type: 'row',
          title: 'r',
          panels: [{ type: 'stat', title: 'in row', targets: [{ expr: 'a' }] }],
        },
        {
          type: 'timeseries',
          title: 'two',
          datasource: { type: 'prometheus', uid: 'p' },
          targets: [
            { refId: 'A', expr: 'b', legendFormat: '{{x}}' },
            { refId: 'B', expr: 'c', hide: true },
            { refId: 'C', expr: ' ' },
          ],
        },
        { type: 'text', title: 'note' },
        {
          type: 'logs',
          title: 'logs',
          datasource: { type: 'loki', uid: 'loki' },
          targets: [{ expr: '{service_name="demo-app"}' }],
        },
        { type: 'stat', title: 'old style', datasource: 'Prometheus', targets: [{ expr: 'd' }] },
        { type: 'logs', title: 'old loki', datasource: 'Loki', targets: [{ expr: '{a="b"}' }] },
        { type: 'stat', title: 'default', datasource: 'default', targets: [{ expr: 'e' }] },
      ],
    });
    assert.deepEqual(
      panels.map((panel) => [panel.title, panel.queries.map((q) => q.expr), panel.otherSources]),
      [
        ['in row', ['a'], []],
        ['two', ['b'], []],
        ['note', [], []],
        ['logs', [], ['loki']],
        ['old style', ['d'], []],
        ['old loki', [], ['loki']],
        ['default', ['e'], []],
      ],
    );
    assert.equal(panels[1]?.queries[0]?.legendFormat, '{{x}}');
  });
});

describe('template variables', () => {
  test('each kind of variable gets its plan', () => {
    const plans = variablePlans({
      templating: {
        list: [
          {
            name: 'endpoint',
            type: 'query',
            includeAll: true,
            allValue: '.*',
            query: 'label_values(x, endpoint)',
          },
          { name: 'all', type: 'custom', includeAll: true },
          { name: 'job', type: 'query', query: { query: 'label_values(up{a="b"}, job)' } },
          { name: 'instance', type: 'query', query: 'label_values(instance)' },
          { name: 'env', type: 'custom', query: 'prod,dev', current: { value: 'dev' } },
          { name: 'first', type: 'custom', query: 'prod, dev' },
          { name: 'picked', type: 'custom', options: [{ value: 'x' }] },
        ],
      },
    });
    assert.deepEqual(plans, [
      { name: 'endpoint', value: '.*' },
      { name: 'all', value: '.*' },
      { name: 'job', labelValuesOf: { label: 'job', match: 'up{a="b"}' } },
      { name: 'instance', labelValuesOf: { label: 'instance' } },
      { name: 'env', value: 'dev' },
      { name: 'first', value: 'prod' },
      { name: 'picked', value: 'x' },
    ]);
  });

  test('label_values forms', () => {
    assert.deepEqual(
      parseLabelValues('label_values(app_requests_total{job="demo-app"}, endpoint)'),
      {
        label: 'endpoint',
        match: 'app_requests_total{job="demo-app"}',
      },
    );
    assert.deepEqual(parseLabelValues(' label_values( job ) '), { label: 'job' });
    assert.equal(parseLabelValues('query_result(up)'), undefined);
  });

  const values = { ...BUILT_INS, endpoint: '.*', job: 'demo-app' };
  const cases: [string, string][] = [
    ['rate(x{endpoint=~"$endpoint"}[5m])', 'rate(x{endpoint=~".*"}[5m])'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
    ['x{job="${job}"}', 'x{job="demo-app"}'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
    ['x{job="${job:regex}"}', 'x{job="demo-app"}'],
    ['x{job="[[job]]"}', 'x{job="demo-app"}'],
    ['rate(x[$__rate_interval])', 'rate(x[1m])'],
    ['x{a="$unknown"}', 'x{a="$unknown"}'],
    ['x{a="$jobs"}', 'x{a="$jobs"}'],
  ];
  for (const [expr, expected] of cases) {
    test(`substitute ${expr}`, () => assert.equal(substitute(expr, values), expected));
  }
});
