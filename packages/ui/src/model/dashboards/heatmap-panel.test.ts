import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Panel } from './grafana-types.js';
import { heatmapUnit, heatmapUnsupported, panelHeatmap } from './heatmap-panel.js';
import { planPanel } from './panel-queries.js';

describe("Grafana's heatmap panel", () => {
  const window = { start: 0, end: 10, step: 10 };
  const rows = [
    {
      name: 'native histograms',
      result: [
        {
          metric: {},
          histograms: [[10, { count: '3', sum: '1', buckets: [[0, '0.5', '1', '3']] }]],
        },
      ],
      rows: 1,
      total: 3,
    },
    {
      name: 'classic le series',
      result: [
        { metric: { le: '0.5' }, values: [[10, '1']] },
        { metric: { le: '+Inf' }, values: [[10, '4']] },
      ],
      rows: 2,
      total: 4,
    },
    {
      name: 'plain floats are no heatmap',
      result: [{ metric: {}, values: [[10, '1']] }],
      rows: 0,
      total: 0,
    },
  ] as const;
  for (const row of rows) {
    test(row.name, () => {
      const heatmap = panelHeatmap(row.result as never, window);
      assert.equal(heatmap?.rows.length ?? 0, row.rows);
      const total = heatmap?.counts.reduce((sum, counts) => sum + (counts[1] ?? 0), 0) ?? 0;
      assert.equal(total, row.total);
    });
  }

  test('the panel plans as a Prometheus heatmap; calculate: true is named as unsupported', () => {
    const panel: Panel = {
      type: 'heatmap',
      targets: [{ expr: 'sum by (le) (rate(x_bucket[$__rate_interval]))', format: 'heatmap' }],
    };
    const plan = planPanel(panel, { __rate_interval: '1m' });
    assert.equal(plan.kind, 'prometheus');
    assert.equal(plan.kind === 'prometheus' && plan.view, 'heatmap');
    assert.equal(heatmapUnsupported(panel), undefined);
    assert.match(
      heatmapUnsupported({ ...panel, options: { calculate: true } } as Panel) ?? '',
      /calculate: true/,
    );
  });

  test("the y axis unit: options.yAxis.unit, else the field's unit", () => {
    const base: Panel = { type: 'heatmap', fieldConfig: { defaults: { unit: 'ms' } } };
    assert.equal(heatmapUnit(base), 'ms');
    assert.equal(heatmapUnit({ ...base, options: { yAxis: { unit: 's' } } } as Panel), 's');
  });
});
