import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RE2JS } from 're2js';
import { compileAnchored } from './anchored-regex';
import { fastMatcher } from './fast-match';
import { readRegexShape } from './regex-syntax';

/** The engine alone, without fast paths: what every answer must agree with. */
function engineTest(pattern: string, value: string): boolean {
  return RE2JS.compile(pattern, RE2JS.DOTALL).testExact(value);
}

function hasFastPath(pattern: string): boolean {
  const shape = readRegexShape(pattern);
  return shape !== undefined && fastMatcher(shape.node) !== undefined;
}

describe('the fast paths cover the shapes most matchers have', () => {
  const fast = [
    'up',
    'a|b|c',
    '(GET|POST)',
    'http_.*',
    '.*_total',
    '.*orders.*',
    '.+',
    '.*',
    '(?i)demo.*',
    '(?i)get|post',
    'prefix_(a|b).*',
    'a.*b.*c',
    '10\\.0\\.0\\.1:9090',
    '(?P<name>.*)_total',
  ];
  const slow = ['[a-z]+_bucket', 'a.?', '(?-s:.*)', '.+.+', 'x+', '\\d+', '^up$', '(?i)ä.*'];
  for (const pattern of fast) test(`${pattern} has one`, () => assert.ok(hasFastPath(pattern)));
  for (const pattern of slow) test(`${pattern} has none`, () => assert.ok(!hasFastPath(pattern)));
});

const PATTERNS = [
  ...['', 'a', 'abc', 'a|b|c', '(a|b|c)', '(?:a|b)', 'a|', '()', '(|a)', '(a|)(b|)'],
  ...['http_.*', '.*_total', '.*foo.*', '.+', '.*', '.+foo', 'foo.+', 'a.*b.*c', 'a.+b'],
  ...['ab.*ba', 'a.*a', 'a.+a', '.*a.*a.*', 'a|.*b|c.+', '(?s:.*)', '(?-s:.*)', '(?-s).+x'],
  ...['(?i)demo.*', '(?i)GET|post', '(?i)k', '(?i)s.*', 'x(?i)y', '(?i)x(?-i)y', '(?i:a)|b'],
  ...['(?i)(a|b)(c|d).*', '(prefix_)(a|b).*', '.*(a|b).*', '.?', 'a.?', '\\.', 'a\\.b'],
  ...['10\\.0\\.0\\.1:9090', '\\Qa.b\\E.*', '\\x41.*', 'ä.*', '(?i)ä.*', '😀.*', '.*😀', '.+.+'],
  ...['[a-z]+_bucket', 'demo-app-[0-9a-z]+', 'http_[a-z]+_total', '^a.*$', 'a{2}.*', '.*a{0}'],
  ...['(?i)a.*(?-i)B', '.*\\n', '(?U).+?a'],
  ...['.+foo.+', '.+a.*', '.*a.+', 'foo.*', '.+_total', '.*\\.b.*'],
];
const VALUES = [
  ...['', 'a', 'b', 'c', 'ab', 'abc', 'ba', 'aba', 'aa', 'aab', 'ac', 'bd', 'ACx', 'acb', 'abbc'],
  ...['http_', 'http_requests_total', 'HTTP_x', 'x_total', '_total', 'foo', 'xfooy', 'afoo'],
  ...['foox', 'DEMO-app', 'demo', 'Demo', 'GET', 'Post', 'K', '\u212a', 'k', 's', 'S', '\u017f'],
  ...['\u017fx', 'xy', 'xY', 'XY', 'prefix_a', 'prefix_b1', 'zaz', '\n', 'a\nb', 'x\n', '.'],
  ...['a.b', 'axb', 'A', 'AB', '10.0.0.1:9090', '10x0.0.1:9090', 'ä', 'Ä', 'äx', '😀', 'x😀'],
  ...['😀x', '\ud800', 'ab_bucket', 'demo-app-7x9', 'http_server_total', 'a\n', 'aB', 'AxB'],
];

test('every pattern answers as the engine alone on every value', () => {
  for (const pattern of PATTERNS) {
    const regex = compileAnchored(pattern);
    for (const value of VALUES) {
      assert.equal(
        regex.test(value),
        engineTest(pattern, value),
        `${pattern} on ${JSON.stringify(value)}`,
      );
    }
  }
});

test('random patterns of literals, dots, groups and case flags agree with the engine', () => {
  let seed = 12345;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const pick = <T>(items: readonly T[]) => items[next(items.length)] as T;
  const atoms = ['a', 'b', 'A', 'ab', '_', '.*', '.+', '.', '\\.', 'K', 's', '(?i)', '(?-i)'];
  const piece = (depth: number): string => {
    const roll = next(10);
    if (depth < 2 && roll === 0) return `(${piece(depth + 1)}|${piece(depth + 1)})`;
    if (depth < 2 && roll === 1) return `(?i:${piece(depth + 1)})`;
    return Array.from({ length: 1 + next(3) }, () => pick(atoms)).join('');
  };
  const alphabet = ['a', 'b', 'A', 'B', '_', '.', '\n', '\u212a', 'k', 'S', '\u017f', 'é'];
  for (let i = 0; i < 400; i++) {
    const pattern = next(4) === 0 ? `${piece(0)}|${piece(0)}` : piece(0);
    const regex = compileAnchored(pattern);
    for (let j = 0; j < 25; j++) {
      const value = Array.from({ length: next(7) }, () => pick(alphabet)).join('');
      assert.equal(
        regex.test(value),
        engineTest(pattern, value),
        `${pattern} on ${JSON.stringify(value)}`,
      );
    }
  }
});

test('the size estimate counts repetitions before anything compiles', () => {
  assert.equal(readRegexShape('abc')?.size, 3);
  assert.ok((readRegexShape('(?:\\pL{1000}){1}')?.size ?? 0) >= 1000);
  assert.ok((readRegexShape('[a-z]{1000}x{1000}')?.size ?? 0) >= 2000);
});
