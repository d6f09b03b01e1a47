import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { metricNamesOf, prometheusQueries, resolveVariables } from './dashboard-queries.js';

const dashboard = {
  templating: {
    list: [
      { name: 'endpoint', allValue: '.*', current: { value: ['$__all'] } },
      { name: 'service', current: { value: ['demo-app'] } },
    ],
  },
  panels: [
    {
      title: 'top',
      datasource: { type: 'prometheus', uid: 'prometheus' },
      targets: [{ refId: 'A', expr: 'up{job="$service"}' }],
    },
    {
      title: 'row',
      type: 'row',
      panels: [
        {
          title: 'inside',
          targets: [
            {
              refId: 'B',
              datasource: { type: 'prometheus', uid: 'prometheus' },
              expr: 'rate(x[$__rate_interval])',
            },
          ],
        },
      ],
    },
    { title: 'traces', datasource: { type: 'jaeger', uid: 'jaeger' }, targets: [{ refId: 'A' }] },
  ],
};

describe('resolveVariables', () => {
  const rows = [
    { expr: 'a{e=~"$endpoint"}', resolved: 'a{e=~".*"}' },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${name} form, not a template.
    { expr: 'a{e=~"${endpoint}"}', resolved: 'a{e=~".*"}' },
    { expr: 'a{e=~"[[endpoint]]"}', resolved: 'a{e=~".*"}' },
    { expr: 'a{s="$service"}', resolved: 'a{s="demo-app"}' },
    { expr: 'rate(a[$__rate_interval])', resolved: 'rate(a[1m])' },
    { expr: 'a{s="$unknown"}', resolved: 'a{s="$unknown"}' },
  ];
  for (const row of rows) {
    test(row.expr, () => assert.equal(resolveVariables(row.expr, dashboard), row.resolved));
  }
});

test('prometheusQueries finds the queries of panels in rows too, and only Prometheus ones', () => {
  assert.deepEqual(
    prometheusQueries(dashboard).map((q) => [q.panel, q.resolved]),
    [
      ['top', 'up{job="demo-app"}'],
      ['inside', 'rate(x[1m])'],
    ],
  );
});

describe('metricNamesOf', () => {
  const rows = [
    { query: 'sum by (le) (rate(a_bucket[5m]))', names: ['a_bucket'] },
    { query: '(sum(rate(a{s="e"}[5m])) or vector(0)) / sum(rate(a[5m]))', names: ['a'] },
    { query: '{__name__="b"} + on() group_left c', names: ['b', 'c'] },
    { query: 'topk(3, max_over_time(d[10m:1m]))', names: ['d'] },
  ];
  for (const row of rows) {
    test(row.query, () => assert.deepEqual(metricNamesOf(row.query), row.names));
  }
});
