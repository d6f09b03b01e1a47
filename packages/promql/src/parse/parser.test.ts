import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Expr } from '../ast';
import { PromqlError } from '../errors';
import { PromqlParseError } from './parse-error';
import { parseExpr } from './parser';

/** A compact rendering of the tree to check structure and precedence. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'vectorSelector': {
      const mods = `${e.offset ? ` offset ${e.offset}` : ''}${e.at ? ` @ ${e.at.kind === 'time' ? e.at.time : e.at.kind}` : ''}`;
      return `${e.name ?? ''}{${e.matchers
        .filter((m) => m.name !== '__name__' || e.name === undefined)
        .map((m) => `${m.name}${m.type}${JSON.stringify(m.value)}`)
        .join(',')}}${mods}`;
    }
    case 'matrixSelector':
      return `${show(e.selector)}[${e.range}]`;
    case 'subquery':
      return `(${show(e.expr)})[${e.range}:${e.step}]${e.offset ? ` offset ${e.offset}` : ''}`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')})`;
    case 'aggregate':
      return `${e.op}${e.without ? ' without' : ' by'}(${e.grouping.join(',')})(${e.param ? `${show(e.param)}, ` : ''}${show(e.expr)})`;
    case 'binary':
      return `(${show(e.lhs)} ${e.op}${e.returnBool ? ' bool' : ''} ${show(e.rhs)})`;
    case 'unary':
      return `${e.op}${show(e.expr)}`;
    case 'paren':
      return show(e.expr);
  }
}

describe('parsing into the typed tree', () => {
  const rows: { input: string; tree: string }[] = [
    { input: '1 + 2 * 3', tree: '(1 + (2 * 3))' },
    { input: '2 ^ 3 ^ 2', tree: '(2 ^ (3 ^ 2))' },
    { input: '-2 ^ 2', tree: '-(2 ^ 2)' },
    { input: 'a + b offset 5m', tree: '(a{} + b{} offset 300000)' },
    { input: 'a / b @ 100', tree: '(a{} / b{} @ 100000)' },
    {
      input: 'max_over_time(a[5m:1m] offset 1m)',
      tree: 'max_over_time((a{})[300000:60000] offset 60000)',
    },
    { input: 'rate(x[5m] @ 100)', tree: 'rate(x{} @ 100000[300000])' },
    { input: 'foo @ start() offset -1m', tree: 'foo{} offset -60000 @ start' },
    { input: 'sum by (a) (rate(x{y=~"z.*"}[1m]))', tree: 'sum by(a)(rate(x{y=~"z.*"}[60000]))' },
    { input: 'topk(3, x) without (b)', tree: 'topk without(b)(3, x{})' },
    { input: 'a == bool b and c', tree: '((a{} == bool b{}) and c{})' },
    { input: '{"metric.name", a="b"}', tree: 'metric.name{a="b"}' },
    { input: 'rate((x[5m]))', tree: 'rate(x{}[300000])' },
    { input: '2.', tree: '2' },
    { input: '0x1F', tree: '31' },
    { input: '5m', tree: '300' },
    { input: "'a\\nb'", tree: '"a\\nb"' },
    { input: 'x[1m+30s]', tree: 'x{}[90000]' },
    { input: 'min_of(1, 2)', tree: 'min_of(1, 2)' },
  ];
  for (const row of rows) {
    test(row.input, () => assert.equal(show(parseExpr(row.input)), row.tree));
  }
});

describe('parse errors carry the position and Prometheus wording', () => {
  const rows: { input: string; error: string }[] = [
    { input: 'sum(x', error: '1:6: parse error: unclosed left parenthesis' },
    { input: 'sum(x))', error: "1:7: parse error: unexpected right parenthesis ')'" },
    { input: 'x{a="b"', error: '1:8: parse error: unexpected end of input inside braces' },
    { input: 'x{a="b}', error: '1:5: parse error: unterminated quoted string' },
    { input: 'rate(x[5m)', error: "1:10: parse error: unexpected right parenthesis ')'" },
    { input: 'sum(x) by', error: '1:10: parse error: unexpected end of input' },
    { input: 'foo(x)', error: '1:1: parse error: unknown function with name "foo"' },
    {
      input: 'rate(x)',
      error: 'expected type range vector in call to function "rate", got instant vector',
    },
    {
      input: 'abs(x[5m])',
      error: 'expected type instant vector in call to function "abs", got range vector',
    },
    { input: '1 + on(a) 2', error: 'vector matching only allowed between instant vectors' },
    { input: '1 > 2', error: 'comparisons between scalars must use BOOL modifier' },
    { input: 'x + bool y', error: 'bool modifier can only be used on comparison operators' },
    { input: '1 and 2', error: 'set operator "and" not allowed in binary scalar expression' },
    { input: '{a=""}', error: 'vector selector must contain at least one non-empty matcher' },
    { input: 'sum(x)[5m]', error: 'ranges only allowed for vector selectors' },
    {
      input: 'sum(x) offset 5m',
      error: 'offset modifier must be preceded by an instant vector selector',
    },
    { input: 'x offset 1m offset 2m', error: 'offset may not be set multiple times' },
    { input: 'x[5m][1m:]', error: 'subquery is only allowed on instant vector, got matrix' },
    { input: 'round(x, 1, 2)', error: 'expected at most 2 argument(s) in call to "round", got 3' },
    {
      input: '-x[5m]',
      error: 'unary expression only allowed on expressions of type scalar or instant vector',
    },
    { input: 'x and on(a) group_left y', error: 'no grouping allowed for "and" operation' },
  ];
  for (const row of rows) {
    test(row.input, () => {
      assert.throws(
        () => parseExpr(row.input),
        (e: unknown) => {
          assert.ok(e instanceof PromqlParseError);
          assert.ok(e instanceof PromqlError && e.type === 'bad_data');
          assert.ok(e.message.includes(row.error), `${e.message} should include ${row.error}`);
          assert.match(e.message, /^\d+:\d+: parse error: /);
          return true;
        },
      );
    });
  }
});
