import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataSourceKind, planPanel } from './panel-queries.js';

test('dataSourceKind', () => {
  const cases = [
    [undefined, 'prometheus'],
    [null, 'prometheus'],
    [{ type: 'prometheus', uid: 'p' }, 'prometheus'],
    ['Prometheus', 'prometheus'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
    ['${DS_PROMETHEUS}', 'prometheus'],
    [{ type: 'jaeger' }, 'jaeger'],
    [{ type: 'loki', uid: 'l' }, 'other'],
    [{ uid: 'prometheus' }, 'prometheus'],
  ] as const;
  for (const [ref, kind] of cases)
    assert.equal(dataSourceKind(ref).kind, kind, JSON.stringify(ref));
});

test('planPanel', () => {
  const values = { endpoint: '.*', __rate_interval: '60s' };
  const prom = { type: 'prometheus', uid: 'prometheus' };
  const cases = [
    {
      name: 'timeseries with variables',
      panel: {
        type: 'timeseries',
        datasource: prom,
        targets: [
          {
            refId: 'A',
            expr: 'rate(x{e=~"$endpoint"}[$__rate_interval])',
            legendFormat: '{{e}}',
            exemplar: true,
          },
        ],
      },
      expected: {
        kind: 'prometheus',
        view: 'timeseries',
        queries: [
          {
            refId: 'A',
            expr: 'rate(x{e=~".*"}[60s])',
            legendFormat: '{{e}}',
            instant: false,
            exemplar: true,
          },
        ],
      },
    },
    {
      name: 'old graph panel, no datasource, hidden target dropped',
      panel: { type: 'graph', targets: [{ expr: 'up' }, { expr: 'down', hide: true }] },
      expected: {
        kind: 'prometheus',
        view: 'timeseries',
        queries: [
          { refId: 'A', expr: 'up', legendFormat: undefined, instant: false, exemplar: false },
        ],
      },
    },
    {
      name: 'jaeger table',
      panel: {
        type: 'table',
        datasource: { type: 'jaeger' },
        targets: [
          { datasource: { type: 'jaeger' }, queryType: 'search', service: 'demo-app', limit: 20 },
        ],
      },
      expected: { kind: 'traces', service: 'demo-app', limit: 20 },
    },
    {
      name: 'loki panel',
      panel: { type: 'logs', datasource: { type: 'loki' }, targets: [{ expr: '{job="x"}' }] },
      expected: { kind: 'unsupported', reason: 'data source loki is not Prometheus or Jaeger' },
    },
    {
      name: 'unknown panel type',
      panel: { type: 'piechart', targets: [{ expr: 'up' }] },
      expected: { kind: 'unsupported', reason: 'panel type piechart is not supported here' },
    },
    { name: 'row', panel: { type: 'row' }, expected: { kind: 'row' } },
    {
      name: 'stat, empty expr dropped',
      panel: {
        type: 'stat',
        targets: [{ expr: '' }, { refId: 'B', expr: 'sum(up)', instant: true }],
      },
      expected: {
        kind: 'prometheus',
        view: 'stat',
        queries: [
          { refId: 'B', expr: 'sum(up)', legendFormat: undefined, instant: true, exemplar: false },
        ],
      },
    },
  ];
  for (const { name, panel, expected } of cases)
    assert.deepEqual(planPanel(panel, values), expected, name);
});
