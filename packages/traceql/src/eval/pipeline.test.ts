import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTraceql } from '../parse/parser';
import { evaluateTrace } from './evaluate-trace';
import type { FieldValue, NamedValue } from './field-value';
import { letters, shopTrace } from './shop-trace.test-support';

const MS = 1_000_000n;
const str = (value: string): FieldValue => ({ type: 'string', value });
const int = (value: number): FieldValue => ({ type: 'int', value });
const dur = (ms: bigint): FieldValue => ({ type: 'duration', ns: ms * MS });
const NIL: FieldValue = { type: 'nil' };
const named = (name: string, value: FieldValue): NamedValue => ({ name, value });

const run = (query: string) => evaluateTrace(parseTraceql(query), shopTrace);

// [query, the span sets (letters of their spans), each set's attributes]
const cases: readonly (readonly [string, string[], NamedValue[][]])[] = [
  ['{ } | count() > 5', ['abcdef'], [[named('count()', int(6))]]],
  ['{ } | count() > 6', [], []],
  ['{ } | count() = 2 * 3', ['abcdef'], [[named('count()', int(6))]]],
  ['{ } | count() + 1 > 6', ['abcdef'], [[named('count()', int(6))]]],
  [
    '{ resource.service.name = "payment-service" } | avg(duration) > 300ms',
    ['cd'],
    [[named('avg(duration)', dur(325n))]],
  ],
  ['{ resource.service.name = "payment-service" } | avg(duration) > 330ms', [], []],
  ['{ } | min(duration) = 10ms', ['abcdef'], [[named('min(duration)', dur(10n))]]],
  ['{ } | max(span:duration) >= 900ms', ['abcdef'], [[named('max(duration)', dur(900n))]]],
  ['{ kind = server } | sum(duration) = 1.3s', ['ac'], [[named('sum(duration)', dur(1300n))]]],
  ['{ } | sum(span.order.items) = 3', ['abcdef'], [[named('sum(span.order.items)', int(3))]]],
  [
    '{ } | avg(span.order.total) < 43',
    ['abcdef'],
    [[named('avg(span.order.total)', { type: 'float', value: 42.5 })]],
  ],
  // an aggregate over no values drops the set
  ['{ } | avg(span.nope) > 0', [], []],
  // by(): one set per value, nil included, in the order of each group's first span
  [
    '{ } | by(resource.service.name)',
    ['abef', 'cd'],
    [
      [named('by(resource.service.name)', str('demo-app'))],
      [named('by(resource.service.name)', str('payment-service'))],
    ],
  ],
  [
    '{ } | by(span.http.route)',
    ['a', 'bdef', 'c'],
    [
      [named('by(span.http.route)', str('/api/orders'))],
      [named('by(span.http.route)', NIL)],
      [named('by(span.http.route)', str('/charge'))],
    ],
  ],
  [
    '{ } | by(resource.service.name) | count() > 2',
    ['abef'],
    [[named('by(resource.service.name)', str('demo-app')), named('count()', int(4))]],
  ],
  ['{ } | by(resource.service.name) | coalesce()', ['abefcd'], [[]]],
  // a span set filter after a pipe filters each set's spans
  ['{ kind = server } | { status = error }', ['c'], [[]]],
  [
    '{ } | by(resource.service.name) | { status = error }',
    ['c'],
    [[named('by(resource.service.name)', str('payment-service'))]],
  ],
  [
    '{ } | by(resource.service.name) | { kind = server } > { }',
    ['bef'],
    [[named('by(resource.service.name)', str('demo-app'))]],
  ],
  // span set operators after a pipe work inside each set
  [
    '{ } | by(resource.service.name) | ({ kind = server } && { kind = internal })',
    ['ab', 'cd'],
    [
      [named('by(resource.service.name)', str('demo-app'))],
      [named('by(resource.service.name)', str('payment-service'))],
    ],
  ],
  [
    '{ } | by(resource.service.name) | ({ kind = client } || { kind = producer })',
    ['ef'],
    [[named('by(resource.service.name)', str('demo-app'))]],
  ],
  ['({ } | count() > 5) && { name = "charge" }', ['abcdef'], [[]]],
  ['{ name = "charge" } | select(span.http.route)', ['c'], [[]]],
];

describe('evaluateTrace: pipelines', () => {
  for (const [query, sets, attributes] of cases) {
    test(query, () => {
      const result = run(query);
      assert.deepEqual(letters(result), sets);
      assert.deepEqual(
        result.map((s) => s.attributes),
        attributes,
      );
    });
  }
});

// [query, the attributes each returned span shows, by span letter]
const shown: readonly (readonly [string, Record<string, NamedValue[]>])[] = [
  [
    '{ span.http.status_code = 200 && status = unset }',
    {
      a: [named('http.status_code', int(200)), named('status', { type: 'status', value: 'unset' })],
    },
  ],
  // name, duration, ids and trace-level intrinsics have fields of their own in Tempo's results
  ['{ name = "charge" && duration > 1ms && rootServiceName = "demo-app" }', { c: [] }],
  [
    '{ name = "publish" } | select(span.http.route, resource.service.name, kind)',
    {
      f: [
        named('service.name', str('demo-app')),
        named('kind', { type: 'kind', value: 'producer' }),
      ],
    },
  ],
  [
    '{ .http.route != nil }',
    { a: [named('http.route', str('/api/orders'))], c: [named('http.route', str('/charge'))] },
  ],
  ['{ event.exception.type = "CardError" }', { c: [named('exception.type', str('CardError'))] }],
  [
    '{ status = error } | select(event:name, span:statusMessage)',
    {
      c: [
        named('status', { type: 'status', value: 'error' }),
        named('event:name', str('exception')),
        named('statusMessage', str('card declined')),
      ],
    },
  ],
  [
    '{ span.payment.slow != nil } | by(resource.service.name)',
    {
      c: [
        named('payment.slow', { type: 'bool', value: true }),
        named('service.name', str('payment-service')),
      ],
      d: [
        named('payment.slow', { type: 'bool', value: false }),
        named('service.name', str('payment-service')),
      ],
    },
  ],
];

describe('evaluateTrace: the attributes a matched span shows', () => {
  for (const [query, expected] of shown) {
    test(query, () => {
      const spans = run(query).flatMap((s) => s.spans);
      const actual = Object.fromEntries(spans.map((m) => [m.span.spanId[0], m.attributes]));
      assert.deepEqual(actual, expected);
    });
  }
});
