import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogqlParseError } from './parse-error';
import { parseExpr } from './parser';

// Queries up to Loki's 128 KiB limit shaped to exhaust the stack or the grammar: each parses or
// fails with a LogqlParseError, quickly.
const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
const HOSTILE: { name: string; query: string; error?: RegExp }[] = [
  {
    name: 'parentheses 30,000 deep',
    query: `${'('.repeat(30_000)}vector(1)${')'.repeat(30_000)}`,
    error: /parse error at line 1/,
  },
  {
    name: '12,000 chained additions',
    query: `vector(1)${'+vector(1)'.repeat(12_000)}`,
    error: /longer than the grammar takes/,
  },
  { name: '250 chained additions', query: `vector(1)${'+vector(1)'.repeat(250)}` },
  {
    name: 'label filter parentheses 30,000 deep',
    query: `{a="b"} | ${'('.repeat(30_000)}a="b"${')'.repeat(30_000)}`,
    error: /parse error at line 1/,
  },
  {
    name: '10,000 or-ed label filters',
    query: `{a="b"} | ${many(10_000, (i) => `a="${i}"`).join(' or ')}`,
    error: /parse error at line 1/,
  },
  {
    name: '60,000 empty pipes',
    query: `{a="b"} ${'| '.repeat(60_000)}`,
    error: /col 11: syntax error/,
  },
  {
    name: '8,000 matchers',
    query: `{${many(8_000, (i) => `a${i}="b"`).join(',')}}`,
    error: /parse error at line 1/,
  },
  { name: '500 matchers', query: `{${many(500, (i) => `a${i}="b"`).join(',')}}` },
  { name: 'a 128 KiB string', query: `{a="${'x'.repeat(131_000)}"}` },
  {
    name: 'one character over the limit',
    query: `{a="${'x'.repeat(131_067)}"}`,
    error: /input size too long \(131073 > 131072\)/,
  },
  {
    name: '5,000 nested template ifs',
    query: `{a="b"} | line_format "${'{{ if .a }}'.repeat(5000)}x${'{{ end }}'.repeat(5000)}"`,
    error: /more than 1000 actions/,
  },
  {
    name: 'a regex of 40,000 alternatives',
    query: `{a=~"${many(40_000, (i) => `v${i}`)
      .join('|')
      .slice(0, 120_000)}"}`,
    error: /parse error/,
  },
];

for (const { name, query, error } of HOSTILE) {
  test(`a hostile query parses or fails cleanly: ${name}`, { timeout: 10_000 }, () => {
    if (!error) {
      parseExpr(query);
      return;
    }
    assert.throws(
      () => parseExpr(query),
      (thrown: unknown) => thrown instanceof LogqlParseError && error.test(thrown.message),
    );
  });
}
