import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeText } from './terminal-text.js';
import { textTable } from './text-table.js';

test('control characters become visible escapes; printable text is kept', () => {
  const cases: [string, string][] = [
    ['POST /api/orders', 'POST /api/orders'],
    ['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['title\u001b]0;pwned\u0007', 'title\\x1b]0;pwned\\x07'],
    ['two\nlines\r', 'two\\x0alines\\x0d'],
    ['c1 \u009b2J', 'c1 \\x9b2J'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['tab\there', 'tab\\x09here'],
    ['ünïcode ✓ 支付', 'ünïcode ✓ 支付'],
  ];
  for (const [input, expected] of cases)
    assert.equal(safeText(input), expected, JSON.stringify(input));
});

test('a table pads columns to the widest safe cell', () => {
  assert.equal(
    textTable(
      ['NAME', 'N'],
      [
        ['a\u001bb', 1],
        ['long name', 22],
      ],
    ),
    'NAME       N\na\\x1bb     1\nlong name  22',
  );
});
