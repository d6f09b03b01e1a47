import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explorerPath, legacyGraphPath } from './legacy-graph.js';
import { decodeMetricsState } from './url-state.js';

describe("Prometheus's /graph links", () => {
  const expr = 'sum by (route) (rate(http_requests_total{code=~"5.."}[5m])) > 0.05';
  const rows = [
    // What Prometheus puts in an alert's generatorURL (strutil.TableLinkForExpression).
    {
      search: `?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`,
      expected: { query: expr, tab: 'table' },
    },
    { search: `?g0.expr=up&g0.tab=0`, expected: { query: 'up', tab: 'graph' } },
    { search: `?g0.expr=up&g0.tab=table`, expected: { query: 'up', tab: 'table' } },
    {
      search: '?g0.expr=up&g0.tab=0&g0.range_input=6h&g0.step_input=30&g0.stacked=1',
      expected: { query: 'up', range: '6h', step: 30, stacked: true },
    },
    {
      search: '?g0.expr=up&g0.end_input=2026-12-07%2010%3A30%3A00&g0.show_exemplars=0',
      expected: { query: 'up', end: Date.UTC(2026, 11, 7, 10, 30) / 1000, exemplars: false },
    },
    // Only the first panel: the explorer has one.
    { search: '?g0.expr=a&g1.expr=b&g1.tab=1', expected: { query: 'a' } },
    // Settings it cannot take fall back to the explorer's defaults.
    {
      search: '?g0.expr=up&g0.range_input=forever&g0.step_input=-5&g0.tab=9',
      expected: { query: 'up' },
    },
    { search: '', expected: {} },
  ] as const;
  for (const { search, expected } of rows) {
    it(`opens ${search || '(no panel)'} in the explorer`, () => {
      const path = legacyGraphPath(search);
      assert.match(path, /^\/query(\?|$)/);
      const state = decodeMetricsState(path.slice('/query'.length));
      assert.deepEqual(state, { ...decodeMetricsState(''), ...expected });
    });
  }

  it("links a rule's expression to the explorer, unchanged", () => {
    assert.equal(explorerPath('up == 0'), '/query?query=up+%3D%3D+0');
    assert.equal(decodeMetricsState(explorerPath(expr, 'table').slice(6)).query, expr);
    assert.equal(decodeMetricsState(explorerPath(expr, 'table').slice(6)).tab, 'table');
  });
});
