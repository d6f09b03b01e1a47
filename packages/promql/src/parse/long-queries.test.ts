import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lezerParser } from './node-reader';
import { PromqlParseError } from './parse-error';
import { parseTree } from './parse-tree';
import { parseExpr } from './parser';

// Queries up to the API's 4 MiB form limit, shaped to make a backtracking regex or Lezer's error
// recovery superlinear. The timeout guards against a hang; speed is bench's business.
const MiB = 1024 * 1024;
const HUGE: { name: string; query: string; error?: RegExp }[] = [
  {
    name: 'unary minus 4 MiB deep',
    query: `${'-'.repeat(4 * MiB)}1`,
    error: /^1:\d+: parse error/,
  },
  {
    name: 'parentheses 2 MiB deep',
    query: `${'('.repeat(2 * MiB)}1${')'.repeat(2 * MiB)}`,
    error: /parse error/,
  },
  {
    name: 'numbers without operators',
    query: '1 2 '.repeat(MiB),
    error: /^1:3: parse error: unexpected character: '2'/,
  },
  {
    name: 'selectors without operators',
    query: 'a{b="c"} '.repeat(400_000),
    error: /^1:10: parse error/,
  },
  { name: 'a 4 MiB metric name of s', query: 's'.repeat(4 * MiB) },
  { name: 'a 4 MiB string', query: `"${'a'.repeat(4 * MiB)}"` },
  {
    name: 'min_of( repeated',
    query: 'min_of('.repeat(500_000),
    error: /unclosed left parenthesis/,
  },
  { name: 'offsets repeated', query: 'x offset 5m'.repeat(300_000), error: /^1:12: parse error/ },
  {
    name: 'an unknown function after a long name',
    query: `${'A'.repeat(100_000)} (`,
    error: /parse error/,
  },
];

for (const { name, query, error } of HUGE) {
  test(`a hostile query parses or fails cleanly: ${name}`, { timeout: 20_000 }, () => {
    if (!error) {
      parseExpr(query);
      return;
    }
    assert.throws(
      () => parseExpr(query),
      (thrown: unknown) => {
        assert.ok(thrown instanceof PromqlParseError, String(thrown));
        assert.match(thrown.message, error);
        return true;
      },
    );
  });
}

// Recovery on a window past the first error places that error where recovery on the whole text
// does: the messages users see are unchanged.
const BROKEN = [
  'sum(rate(x[5m]) by (job)',
  'x + ) + y',
  'foo{a="b" c="d"}',
  'rate(x[5m] offset)',
  'x @@ 5',
  'sum by (a b) (x)',
  '1 + + + 2 3',
  'x[5m:1m:1m]',
  'histogram_quantile(0.9, rate(x_bucket[5m])) junk',
];

test('bounded recovery finds the first error where full recovery does', () => {
  const padding = ' + x'.repeat(2000);
  for (const query of BROKEN) {
    for (const text of [query, `${query}${padding}`]) {
      const first = (tree: ReturnType<typeof lezerParser.parse>) => {
        const cursor = tree.cursor();
        do if (cursor.type.isError) return cursor.from;
        while (cursor.next());
        return -1;
      };
      assert.equal(first(parseTree(text)), first(lezerParser.parse(text)), text.slice(0, 80));
    }
  }
});
