import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSpanTree } from './span-tree.js';
import { ORDER_TRACE, traceOf } from './trace-fixture.js';
import { waterfallKey } from './waterfall-keys.js';
import { visibleRows } from './waterfall-rows.js';

const tree = buildSpanTree(traceOf(ORDER_TRACE));

const rows = [
  { key: 'ArrowDown', focused: 'a', collapsed: [], expected: { kind: 'focus', id: 'b' } },
  { key: 'ArrowDown', focused: 'h', collapsed: [], expected: { kind: 'focus', id: 'h' } },
  { key: 'ArrowDown', focused: 'd', collapsed: ['d'], expected: { kind: 'focus', id: 'h' } },
  { key: 'ArrowUp', focused: 'c', collapsed: [], expected: { kind: 'focus', id: 'b' } },
  { key: 'ArrowUp', focused: 'a', collapsed: [], expected: { kind: 'focus', id: 'a' } },
  { key: 'ArrowLeft', focused: 'd', collapsed: [], expected: { kind: 'toggle', id: 'd' } },
  { key: 'ArrowLeft', focused: 'd', collapsed: ['d'], expected: { kind: 'focus', id: 'b' } },
  { key: 'ArrowLeft', focused: 'c', collapsed: [], expected: { kind: 'focus', id: 'b' } },
  { key: 'ArrowLeft', focused: 'a', collapsed: ['a'], expected: { kind: 'none' } },
  { key: 'ArrowRight', focused: 'd', collapsed: ['d'], expected: { kind: 'toggle', id: 'd' } },
  { key: 'ArrowRight', focused: 'd', collapsed: [], expected: { kind: 'focus', id: 'e' } },
  { key: 'ArrowRight', focused: 'c', collapsed: [], expected: { kind: 'none' } },
  { key: 'Enter', focused: 'g', collapsed: [], expected: { kind: 'open', id: 'g' } },
  { key: 'ArrowDown', focused: undefined, collapsed: [], expected: { kind: 'focus', id: 'a' } },
  { key: 'ArrowDown', focused: 'g', collapsed: ['d'], expected: { kind: 'focus', id: 'a' } },
  { key: 'x', focused: 'a', collapsed: [], expected: undefined },
];

for (const row of rows) {
  const collapsed = new Set(row.collapsed);
  test(`${row.key} on ${row.focused ?? 'nothing'}${row.collapsed.length ? `, ${row.collapsed} collapsed` : ''}`, () =>
    assert.deepEqual(
      waterfallKey(row.key, visibleRows(tree, collapsed), row.focused, collapsed),
      row.expected,
    ));
}
