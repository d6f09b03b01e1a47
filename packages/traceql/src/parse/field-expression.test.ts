import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FieldExpr } from '../ast';
import { parseTraceql } from './parser';
import { attr, bin, int, intrinsic, str } from './test-trees';

/** The field expression of a one-filter query `{ … }`. */
function field(query: string): FieldExpr {
  const { expr } = parseTraceql(query);
  assert.equal(expr.kind, 'spansetFilter');
  return expr.filter;
}

describe('parseTraceql: span set filters', () => {
  const cases: [string, FieldExpr][] = [
    ['{}', { kind: 'static', type: 'bool', value: true }],
    [
      '{ span.http.route = "/api/orders" }',
      bin('=', attr('http.route', 'span'), str('/api/orders')),
    ],
    ['{ resource.service.name != "a" }', bin('!=', attr('service.name', 'resource'), str('a'))],
    ['{ event.exception.type = "x" }', bin('=', attr('exception.type', 'event'), str('x'))],
    ['{ link.kind = `raw\\n` }', bin('=', attr('kind', 'link'), str('raw\\n'))],
    ['{ instrumentation.v >= 2 }', bin('>=', attr('v', 'instrumentation'), int(2))],
    ['{ .http.route =~ "/api.*" }', bin('=~', attr('http.route'), str('/api.*'))],
    ['{ span."http route" !~ "a\\"b" }', bin('!~', attr('http route', 'span'), str('a"b'))],
    ['{ parent.resource.a < 1 }', bin('<', attr('a', 'resource', true), int(1))],
    ['{ .a <= 1.5 }', bin('<=', attr('a'), { kind: 'static', type: 'float', value: 1.5 })],
    [
      '{ duration > 500ms }',
      bin('>', intrinsic('duration'), { kind: 'static', type: 'duration', ns: 500_000_000n }),
    ],
    [
      '{ traceDuration > 1.5s }',
      bin('>', intrinsic('traceDuration'), {
        kind: 'static',
        type: 'duration',
        ns: 1_500_000_000n,
      }),
    ],
    [
      '{ span:duration < 2us }',
      bin('<', intrinsic('span:duration'), { kind: 'static', type: 'duration', ns: 2_000n }),
    ],
    [
      '{ status = error }',
      bin('=', intrinsic('status'), { kind: 'static', type: 'status', value: 'error' }),
    ],
    [
      '{ span:status != ok }',
      bin('!=', intrinsic('span:status'), { kind: 'static', type: 'status', value: 'ok' }),
    ],
    [
      '{ kind = server }',
      bin('=', intrinsic('kind'), { kind: 'static', type: 'kind', value: 'server' }),
    ],
    [
      '{ statusMessage = nil }',
      bin('=', intrinsic('statusMessage'), { kind: 'static', type: 'nil' }),
    ],
    ['{ .ok = false }', bin('=', attr('ok'), { kind: 'static', type: 'bool', value: false })],
    [
      '{ name = "x" && rootName = "y" }',
      bin('&&', bin('=', intrinsic('name'), str('x')), bin('=', intrinsic('rootName'), str('y'))),
    ],
    [
      '{ rootServiceName = "a" || trace:id = "b" }',
      bin(
        '||',
        bin('=', intrinsic('rootServiceName'), str('a')),
        bin('=', intrinsic('trace:id'), str('b')),
      ),
    ],
    [
      '{ event:name = "e" && span:id = "s" }',
      bin(
        '&&',
        bin('=', intrinsic('event:name'), str('e')),
        bin('=', intrinsic('span:id'), str('s')),
      ),
    ],
    ['{ !(.a = 1) }', { kind: 'unary', op: '!', operand: bin('=', attr('a'), int(1)) }],
    ['{ -.a = 2 }', bin('=', { kind: 'unary', op: '-', operand: attr('a') }, int(2))],
    ['{ .a = $svc }', bin('=', attr('a'), { kind: 'variable', name: '$svc' })],
    // Tempo's precedences: arithmetic above comparisons, * above +, ^ right-associative.
    [
      '{ duration > 1s * 2 }',
      bin(
        '>',
        intrinsic('duration'),
        bin('*', { kind: 'static', type: 'duration', ns: 1_000_000_000n }, int(2)),
      ),
    ],
    ['{ .a + 1 * 2 = 3 }', bin('=', bin('+', attr('a'), bin('*', int(1), int(2))), int(3))],
    [
      '{ 1 - 2 - 3 = 2 ^ 3 ^ 2 }',
      bin(
        '=',
        bin('-', bin('-', int(1), int(2)), int(3)),
        bin('^', int(2), bin('^', int(3), int(2))),
      ),
    ],
    ['{ (.a || .b) && .c }', bin('&&', bin('||', attr('a'), attr('b')), attr('c'))],
    [
      '{ .a = 1 /* c */ && // d\n .b = 2 }',
      bin('&&', bin('=', attr('a'), int(1)), bin('=', attr('b'), int(2))),
    ],
  ];
  for (const [query, tree] of cases) {
    test(query, () => assert.deepEqual(field(query), tree));
  }
});
