import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scrollToShow, virtualWindow } from './virtual-window.js';

describe('virtualWindow', () => {
  const rows = [
    {
      name: 'the top of a long list: the visible rows and the overscan below',
      input: { count: 10_000, rowHeight: 20, scrollTop: 0, viewportHeight: 200, overscan: 5 },
      expected: { first: 0, last: 16, offsetTop: 0, totalHeight: 200_000 },
    },
    {
      name: 'the middle: overscan on both sides',
      input: { count: 10_000, rowHeight: 20, scrollTop: 100_000, viewportHeight: 200, overscan: 5 },
      expected: { first: 4995, last: 5016, offsetTop: 99_900, totalHeight: 200_000 },
    },
    {
      name: 'the end: never past the last row',
      input: { count: 10_000, rowHeight: 20, scrollTop: 199_800, viewportHeight: 200, overscan: 5 },
      expected: { first: 9985, last: 10_000, offsetTop: 199_700, totalHeight: 200_000 },
    },
    {
      name: 'a scroll position past the end (the list shrank)',
      input: { count: 3, rowHeight: 20, scrollTop: 5000, viewportHeight: 200, overscan: 5 },
      expected: { first: 0, last: 3, offsetTop: 0, totalHeight: 60 },
    },
    {
      name: 'an empty list',
      input: { count: 0, rowHeight: 20, scrollTop: 0, viewportHeight: 200 },
      expected: { first: 0, last: 0, offsetTop: 0, totalHeight: 0 },
    },
  ];
  for (const row of rows) {
    test(row.name, () => assert.deepEqual(virtualWindow(row.input), row.expected));
  }
  test('a 10,000-row list renders a few dozen rows', () => {
    const w = virtualWindow({
      count: 10_000,
      rowHeight: 26,
      scrollTop: 50_000,
      viewportHeight: 600,
    });
    assert.ok(w.last - w.first < 60);
  });
});

describe('scrollToShow', () => {
  const rows = [
    { name: 'visible: no change', args: [5, 20, 0, 200], expected: 0 },
    { name: 'above: scroll up to it', args: [2, 20, 100, 200], expected: 40 },
    { name: 'below: scroll until its bottom shows', args: [20, 20, 0, 200], expected: 220 },
  ] as const;
  for (const row of rows) {
    const [index, height, top, viewport] = row.args;
    test(row.name, () => assert.equal(scrollToShow(index, height, top, viewport), row.expected));
  }
});
