import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Field } from '../ast';
import { parseTraceql } from '../parse/parser';
import { TraceqlEvalError } from './eval-error';
import { evaluateTrace, fieldValue, isSearchQuery, matchingSpans } from './evaluate-trace';
import type { FieldValue } from './field-value';
import { attrs, letters, shopTrace, span } from './shop-trace.test-support';

const MS = 1_000_000n;
const spanOf = (letter: string) => {
  const s = shopTrace.spans.find((x) => x.spanId[0] === letter);
  if (!s) throw new Error(`no span ${letter}`);
  return s;
};

describe('isSearchQuery', () => {
  const cases: readonly (readonly [string, boolean])[] = [
    ['{ }', true],
    ['{ status = error } | count() > 1 | by(kind) | select(name) | coalesce()', true],
    ['({ } | count() > 1) && { kind = server }', true],
    ['{ } | rate()', false],
    ['{ } | rate() | topk(3)', false],
    ['{ } | compare({ status = error })', false],
    ['{ status = error } | quantile_over_time(duration, .9) by (span.http.route)', false],
  ];
  for (const [query, expected] of cases) {
    test(query, () => assert.equal(isSearchQuery(parseTraceql(query)), expected));
  }
});

describe('evaluateTrace: what it refuses', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ['{ } | rate()', /metrics/],
    ['{ } | compare({ status = error })', /metrics/],
    ['{ .a = $x }', /\$x/],
    ['{ } | count() > $n', /\$n/],
    ['{ name =~ "(" }', /error parsing regexp/],
    ['{ parent = nil }', /parent/],
  ];
  for (const [query, message] of cases) {
    test(query, () => {
      assert.throws(
        () => evaluateTrace(parseTraceql(query), shopTrace),
        (e: unknown) => e instanceof TraceqlEvalError && message.test(e.message),
      );
    });
  }
});

describe('matchingSpans: the spans the stages before the metrics function select', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['{ resource.service.name = "payment-service" } | rate()', 'cd'],
    ['{ status = error } | quantile_over_time(duration, .9) by (span.http.route)', 'c'],
    ['{ } | by(kind) | count() > 1 | count_over_time()', 'abcd'],
    ['{ kind = server } > { } | rate() by (resource.service.name)', 'bef'],
    ['{ } | compare({ status = error })', 'abcdef'],
    ['{ name = "nope" } | rate()', ''],
    ['{ kind = server }', 'ac'],
  ];
  for (const [query, expected] of cases) {
    test(query, () => {
      const spans = matchingSpans(parseTraceql(query), shopTrace);
      assert.equal(
        spans
          .map((s) => s.spanId[0])
          .sort()
          .join(''),
        expected,
      );
      assert.equal(new Set(spans).size, spans.length, 'each span once');
    });
  }
});

describe('fieldValue', () => {
  const intrinsic = (name: string): Field => ({ kind: 'intrinsic', name });
  const attribute = (
    scope: 'none' | 'span' | 'resource' | 'event' | 'link',
    name: string,
  ): Field => ({
    kind: 'attribute',
    scope,
    parent: false,
    name,
  });
  const cases: readonly (readonly [Field, string, FieldValue])[] = [
    [intrinsic('duration'), 'c', { type: 'duration', ns: 400n * MS }],
    [intrinsic('span:name'), 'c', { type: 'string', value: 'charge' }],
    [intrinsic('status'), 'c', { type: 'status', value: 'error' }],
    [intrinsic('kind'), 'e', { type: 'kind', value: 'client' }],
    [intrinsic('rootServiceName'), 'd', { type: 'string', value: 'demo-app' }],
    [intrinsic('traceDuration'), 'd', { type: 'duration', ns: 900n * MS }],
    [intrinsic('event:name'), 'c', { type: 'string', value: 'exception' }],
    [intrinsic('event:name'), 'a', { type: 'nil' }],
    [intrinsic('link:traceID'), 'd', { type: 'string', value: 'f'.repeat(32) }],
    [attribute('resource', 'service.name'), 'c', { type: 'string', value: 'payment-service' }],
    [attribute('none', 'service.name'), 'c', { type: 'string', value: 'payment-service' }],
    [attribute('span', 'http.status_code'), 'a', { type: 'int', value: 200 }],
    [attribute('event', 'rows'), 'e', { type: 'int', value: 12 }],
    [attribute('span', 'nope'), 'a', { type: 'nil' }],
  ];
  for (const [field, letter, expected] of cases) {
    test(`${JSON.stringify(field)} of ${letter}`, () => {
      assert.deepEqual(fieldValue(field, spanOf(letter), shopTrace), expected);
    });
  }
});

test('a compiled query gives each trace its own answer (trace data is not cached across traces)', () => {
  const query = parseTraceql('{ rootName = "job" && traceDuration > 50ms }');
  const root = span({ spanId: '1'.repeat(16), name: 'job', durationNs: 60n * MS });
  const short = span({ spanId: '2'.repeat(16), name: 'job', durationNs: 40n * MS });
  assert.deepEqual(letters(evaluateTrace(query, shopTrace)), []);
  assert.deepEqual(letters(evaluateTrace(query, { traceId: '1'.repeat(32), spans: [root] })), [
    '1',
  ]);
  assert.deepEqual(letters(evaluateTrace(query, { traceId: '2'.repeat(32), spans: [short] })), []);
  assert.deepEqual(evaluateTrace(query, { traceId: '3'.repeat(32), spans: [] }), []);
});

test('regexes match the whole value, with . matching a newline (Prometheus-style ^(?s:…)$)', () => {
  const multiline = span({
    spanId: '1'.repeat(16),
    name: 'x',
    attributes: attrs({ msg: 'first\nsecond' }),
  });
  const trace = { traceId: '1'.repeat(32), spans: [multiline] };
  const matches = (q: string) => evaluateTrace(parseTraceql(q), trace).length === 1;
  assert.equal(matches('{ span.msg =~ "first.second" }'), true);
  assert.equal(matches('{ span.msg =~ "first" }'), false);
  assert.equal(matches('{ span.msg !~ "first" }'), true);
  assert.equal(matches('{ span.msg =~ "^first.*$" }'), true);
});
