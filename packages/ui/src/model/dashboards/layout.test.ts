import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gridArea, layoutPanels } from './layout.js';

test('layoutPanels orders by y then x and clamps to 24 columns', () => {
  const cases = [
    {
      name: 'reading order',
      panels: [
        { title: 'b', gridPos: { x: 12, y: 0, w: 12, h: 8 } },
        { title: 'c', gridPos: { x: 0, y: 8, w: 6, h: 6 } },
        { title: 'a', gridPos: { x: 0, y: 0, w: 12, h: 8 } },
      ],
      expected: [
        ['a', { x: 0, y: 0, w: 12, h: 8 }],
        ['b', { x: 12, y: 0, w: 12, h: 8 }],
        ['c', { x: 0, y: 8, w: 6, h: 6 }],
      ],
    },
    {
      name: 'too wide and off the right edge',
      panels: [{ title: 'w', gridPos: { x: 20, y: 1, w: 30, h: 4 } }],
      expected: [['w', { x: 0, y: 1, w: 24, h: 4 }]],
    },
    {
      name: 'x moved left to fit',
      panels: [{ title: 'x', gridPos: { x: 20, y: 0, w: 8, h: 4 } }],
      expected: [['x', { x: 16, y: 0, w: 8, h: 4 }]],
    },
    {
      name: 'missing gridPos defaults',
      panels: [{ title: 'd' }],
      expected: [['d', { x: 0, y: 0, w: 12, h: 8 }]],
    },
    {
      name: 'collapsed row panels flattened',
      panels: [
        {
          title: 'r',
          type: 'row',
          gridPos: { x: 0, y: 0, w: 24, h: 1 },
          panels: [{ title: 'in', gridPos: { x: 0, y: 1, w: 6, h: 3 } }],
        },
      ],
      expected: [
        ['r', { x: 0, y: 0, w: 24, h: 1 }],
        ['in', { x: 0, y: 1, w: 6, h: 3 }],
      ],
    },
    {
      name: 'garbage values',
      panels: [{ title: 'g', gridPos: { x: Number.NaN, y: -3, w: 0, h: 0 } }],
      expected: [['g', { x: 0, y: 0, w: 1, h: 1 }]],
    },
  ];
  for (const { name, panels, expected } of cases) {
    const got = layoutPanels(panels).map((p) => [p.panel.title, p.pos]);
    assert.deepEqual(got, expected, name);
  }
});

test('gridArea', () => {
  assert.equal(gridArea({ x: 12, y: 8, w: 6, h: 6 }), '9 / 13 / span 6 / span 6');
});
