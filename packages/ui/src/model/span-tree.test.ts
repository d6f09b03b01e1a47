import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSpanTree } from './span-tree.js';
import { ORDER_TRACE, type SpanRow, traceOf } from './trace-fixture.js';
import { visibleRows } from './waterfall-rows.js';

const shape = (rows: SpanRow[]) =>
  buildSpanTree(traceOf(rows)).order.map((n) => `${'  '.repeat(n.depth)}${n.id}`);

describe('buildSpanTree', () => {
  const rows: { name: string; spans: SpanRow[]; expected: string[] }[] = [
    {
      name: 'the order trace, depth first, children by start time',
      spans: ORDER_TRACE,
      expected: ['a', '  b', '    c', '    d', '      e', '        f', '          g', '    h'],
    },
    {
      name: 'children out of order in the input',
      spans: [
        ['r', null, 's', 'root', 0, 10],
        ['y', 'r', 's', 'late', 5, 1],
        ['x', 'r', 's', 'early', 1, 1],
      ],
      expected: ['r', '  x', '  y'],
    },
    {
      name: 'a span whose parent is missing becomes a root',
      spans: [
        ['r', null, 's', 'root', 0, 10],
        ['o', 'gone', 's', 'orphan', 5, 1],
      ],
      expected: ['r', 'o'],
    },
    {
      name: 'a reference cycle is cut: each span once',
      spans: [
        ['x', 'y', 's', 'x', 0, 1],
        ['y', 'x', 's', 'y', 1, 1],
      ],
      expected: ['x', '  y'],
    },
    {
      name: 'a repeated span id is kept once',
      spans: [
        ['r', null, 's', 'root', 0, 10],
        ['r', null, 's', 'root', 0, 10],
      ],
      expected: ['r'],
    },
    { name: 'no spans', spans: [], expected: [] },
  ];
  for (const row of rows) {
    test(row.name, () => assert.deepEqual(shape(row.spans), row.expected));
  }

  test('bounds, services in order of appearance, errors and resources', () => {
    const tree = buildSpanTree(traceOf(ORDER_TRACE));
    assert.equal(tree.start, 0);
    assert.equal(tree.end, 1000);
    assert.deepEqual(tree.services, ['demo-app', 'payment-service']);
    assert.deepEqual(
      tree.order.filter((n) => n.isError).map((n) => n.id),
      ['h'],
    );
    assert.equal(tree.byId.get('f')?.service, 'payment-service');
  });

  test('a 10,000-deep chain builds without overflowing the stack', () => {
    const spans: SpanRow[] = Array.from({ length: 10_000 }, (_, i) => [
      `s${i}`,
      i === 0 ? null : `s${i - 1}`,
      'svc',
      'op',
      i,
      10_000 - i,
    ]);
    const tree = buildSpanTree(traceOf(spans));
    assert.equal(tree.order.length, 10_000);
    assert.equal(tree.order.at(-1)?.depth, 9_999);
  });
});

describe('visibleRows', () => {
  const tree = buildSpanTree(traceOf(ORDER_TRACE));
  const rows: { name: string; collapsed: string[]; expected: string }[] = [
    { name: 'nothing collapsed', collapsed: [], expected: 'abcdefgh' },
    { name: 'a collapsed span hides its descendants', collapsed: ['d'], expected: 'abcdh' },
    { name: 'collapsed inside collapsed', collapsed: ['d', 'f'], expected: 'abcdh' },
    { name: 'a collapsed leaf hides nothing', collapsed: ['c'], expected: 'abcdefgh' },
    { name: 'the root collapsed', collapsed: ['a'], expected: 'a' },
  ];
  for (const row of rows) {
    test(row.name, () =>
      assert.equal(
        visibleRows(tree, new Set(row.collapsed))
          .map((n) => n.id)
          .join(''),
        row.expected,
      ),
    );
  }
});
