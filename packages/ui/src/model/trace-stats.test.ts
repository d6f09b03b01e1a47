import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSpanTree } from './span-tree.js';
import { ORDER_TRACE, type SpanRow, traceOf } from './trace-fixture.js';
import { criticalPath, errorSpans, selfTime, slowestSpan } from './trace-stats.js';

const tree = (rows: SpanRow[]) => buildSpanTree(traceOf(rows));
const path = (rows: SpanRow[]) =>
  criticalPath(tree(rows)).map((s) => `${s.id}:${s.start}-${s.end}`);

describe('criticalPath', () => {
  const rows: { name: string; spans: SpanRow[]; expected: string[] }[] = [
    {
      name: 'the order trace: the payment, then the inventory update',
      spans: ORDER_TRACE,
      expected: [
        'a:0-10',
        'b:10-20',
        'c:20-120',
        'b:120-130',
        'd:130-140',
        'e:140-150',
        'f:150-160',
        'g:160-800',
        'f:800-810',
        'e:810-820',
        'd:820-830',
        'b:830-840',
        'h:840-980',
        'b:980-990',
        'a:990-1000',
      ],
    },
    {
      name: 'parallel children: the one that ends last, and the other only before it started',
      spans: [
        ['r', null, 's', 'root', 0, 100],
        ['x', 'r', 's', 'short', 10, 30],
        ['y', 'r', 's', 'long', 20, 70],
      ],
      expected: ['r:0-10', 'x:10-20', 'y:20-90', 'r:90-100'],
    },
    {
      name: 'a child running past its parent counts only until the parent ends',
      spans: [
        ['r', null, 's', 'root', 0, 50],
        ['x', 'r', 's', 'async', 10, 100],
      ],
      expected: ['r:0-10', 'x:10-50'],
    },
    {
      name: 'a lone span is the whole path',
      spans: [['r', null, 's', 'root', 5, 10]],
      expected: ['r:5-15'],
    },
    { name: 'no spans, no path', spans: [], expected: [] },
  ];
  for (const row of rows) {
    test(row.name, () => assert.deepEqual(path(row.spans), row.expected));
  }
});

describe('selfTime and slowestSpan', () => {
  test('self time leaves out the children, overlapping ones counted once', () => {
    const t = tree([
      ['r', null, 's', 'root', 0, 100],
      ['x', 'r', 's', 'a', 10, 30],
      ['y', 'r', 's', 'b', 20, 30],
      ['z', 'r', 's', 'c', 90, 50],
    ]);
    assert.equal(selfTime(t.byId.get('r') as never), 100 - 40 - 10);
  });
  test('the slowest span is the one with the most time of its own, not the root', () => {
    assert.equal(slowestSpan(tree(ORDER_TRACE))?.id, 'g');
  });
  test('errors, in waterfall order', () => {
    assert.deepEqual(
      errorSpans(tree(ORDER_TRACE)).map((n) => n.id),
      ['h'],
    );
  });
});
