import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Expr, TraceqlQuery } from '../ast';
import { parseTraceql } from './parser';
import { all, attr, bin, filter, int, intrinsic, str } from './test-trees';

const a = filter(bin('=', attr('a'), int(1)));
const b = filter(bin('=', attr('b'), int(2)));
const errors = filter(
  bin('=', intrinsic('status'), { kind: 'static', type: 'status', value: 'error' }),
);
const op = (o: string, left: Expr, right: Expr) =>
  ({ kind: 'spansetOperation', op: o, left, right }) as Expr;
const pipeline = (...stages: Expr[]): Expr => ({ kind: 'pipeline', stages });
const route = attr('http.route', 'span');

describe('parseTraceql: span set operators', () => {
  const ops = [
    '&&',
    '||',
    '>',
    '>>',
    '<',
    '<<',
    '~',
    '!>',
    '!>>',
    '!<',
    '!<<',
    '!~',
    '&>',
    '&>>',
    '&<',
    '&<<',
    '&~',
  ];
  for (const o of ops) {
    test(`{ .a = 1 } ${o} { .b = 2 }`, () => {
      assert.deepEqual(parseTraceql(`{ .a = 1 } ${o} { .b = 2 }`).expr, op(o, a, b));
    });
  }
  const cases: [string, Expr][] = [
    // Structural operators bind tighter than && and ||, which share a level, left to right.
    ['{ .a = 1 } && { .b = 2 } >> { status = error }', op('&&', a, op('>>', b, errors))],
    ['{ .a = 1 } || { .b = 2 } && {}', op('&&', op('||', a, b), all)],
    ['{ .a = 1 } > ({ .b = 2 } || {})', op('>', a, op('||', b, all))],
    ['{ .a = 1 } >> { .b = 2 } ~ {}', op('~', op('>>', a, b), all)],
  ];
  for (const [query, tree] of cases)
    test(query, () => assert.deepEqual(parseTraceql(query).expr, tree));
});

describe('parseTraceql: pipelines and metrics', () => {
  const cases: [string, Expr][] = [
    [
      '{ .a = 1 } | count() > 3',
      pipeline(a, {
        kind: 'scalarFilter',
        op: '>',
        left: { kind: 'aggregate', fn: 'count' },
        right: int(3),
      }),
    ],
    ...(['avg', 'min', 'max', 'sum'] as const).map((fn): [string, Expr] => [
      `{} | ${fn}(duration) >= 1s`,
      pipeline(all, {
        kind: 'scalarFilter',
        op: '>=',
        left: { kind: 'aggregate', fn, field: intrinsic('duration') },
        right: { kind: 'static', type: 'duration', ns: 1_000_000_000n },
      }),
    ]),
    [
      '{} | count() + 1 * 2 != -1.5',
      pipeline(all, {
        kind: 'scalarFilter',
        op: '!=',
        left: {
          kind: 'arithmetic',
          op: '+',
          left: { kind: 'aggregate', fn: 'count' },
          right: { kind: 'arithmetic', op: '*', left: int(1), right: int(2) },
        },
        right: { kind: 'static', type: 'float', value: -1.5 },
      }),
    ],
    [
      '{ .a = 1 } >> { .b = 2 } | by(resource.service.name, name) | select(.c, span:id) | coalesce()',
      pipeline(
        op('>>', a, b),
        { kind: 'by', fields: [attr('service.name', 'resource'), intrinsic('name')] },
        { kind: 'select', fields: [attr('c'), intrinsic('span:id')] },
        { kind: 'coalesce' },
      ),
    ],
    ['({ .a = 1 } | { .b = 2 }) && {}', op('&&', pipeline(a, b), all)],
    ['{} | rate()', pipeline(all, { kind: 'metrics', fn: 'rate', by: [] })],
    [
      '{} | count_over_time() by (span.http.route)',
      pipeline(all, { kind: 'metrics', fn: 'count_over_time', by: [route] }),
    ],
    ...(
      [
        'min_over_time',
        'max_over_time',
        'avg_over_time',
        'sum_over_time',
        'histogram_over_time',
      ] as const
    ).map((fn): [string, Expr] => [
      `{} | ${fn}(duration) by (span.http.route)`,
      pipeline(all, { kind: 'metrics', fn, field: intrinsic('duration'), by: [route] }),
    ]),
    [
      '{ resource.service.name = "demo-app" } | quantile_over_time(duration, 0.95, 0.5) by (span.http.route)',
      pipeline(filter(bin('=', attr('service.name', 'resource'), str('demo-app'))), {
        kind: 'metrics',
        fn: 'quantile_over_time',
        field: intrinsic('duration'),
        quantiles: [0.95, 0.5],
        by: [route],
      }),
    ],
    [
      // As the issue and Tempo's docs write it: numbers without their leading 0.
      '{ resource.service.name = "demo-app" } | quantile_over_time(duration, .95, .5) by (span.http.route)',
      pipeline(filter(bin('=', attr('service.name', 'resource'), str('demo-app'))), {
        kind: 'metrics',
        fn: 'quantile_over_time',
        field: intrinsic('duration'),
        quantiles: [0.95, 0.5],
        by: [route],
      }),
    ],
    [
      '{} | rate() by (name) | topk(5)',
      pipeline(
        all,
        { kind: 'metrics', fn: 'rate', by: [intrinsic('name')] },
        { kind: 'topk', limit: 5 },
      ),
    ],
    [
      '{} | rate() | bottomk(2)',
      pipeline(all, { kind: 'metrics', fn: 'rate', by: [] }, { kind: 'bottomk', limit: 2 }),
    ],
    [
      '{} | compare({ status = error }, 10, 1, 2)',
      pipeline(all, {
        kind: 'compare',
        selection: errors as never,
        topN: 10,
        startNs: 1n,
        endNs: 2n,
      }),
    ],
    ['{} | compare({})', pipeline(all, { kind: 'compare', selection: all as never })],
  ];
  for (const [query, tree] of cases)
    test(query, () => assert.deepEqual(parseTraceql(query).expr, tree));

  test('with (most_recent=true) is a hint beside the tree', () => {
    const expected: TraceqlQuery = { expr: a, hints: { most_recent: true } };
    assert.deepEqual(parseTraceql('{ .a = 1 } with (most_recent=true)'), expected);
    assert.deepEqual(parseTraceql('{ .a = 1 }').hints, {});
  });
});
