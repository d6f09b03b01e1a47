import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTraceql } from '../parse/parser';
import { TraceqlEvalError } from './eval-error';
import { evaluateTrace } from './evaluate-trace';
import { letters, shopTrace } from './shop-trace.test-support';

// The shop trace: a → b, e, f; b → c, d (c, d in payment-service; c the error).
// [query, the spans of the one span set it returns ('' : the trace does not match)]
const cases: readonly (readonly [string, string])[] = [
  // && and ||: both (either) sides must match; the spans of both are returned
  ['{ name = "charge" } && { name = "publish" }', 'cf'],
  ['{ name = "charge" } && { name = "nope" }', ''],
  ['{ name = "charge" } || { name = "nope" }', 'c'],
  ['{ name = "nope" } || { name = "none" }', ''],
  ['{ name = "charge" } && { status = error }', 'c'],
  // children, parents
  ['{ name = "process_order" } > { }', 'cd'],
  ['{ kind = server } > { }', 'bef'],
  ['{ name = "charge" } > { }', ''],
  ['{ name = "charge" } < { }', 'b'],
  ['{ resource.service.name = "payment-service" } < { kind = server }', ''],
  ['{ resource.service.name = "payment-service" } < { }', 'b'],
  // descendants, ancestors
  ['{ resource.service.name = "demo-app" } >> { status = error }', 'c'],
  ['{ name = "POST /api/orders" } >> { }', 'bcdef'],
  ['{ name = "charge" } << { }', 'ab'],
  ['{ status = error } << { kind = server }', 'a'],
  // siblings (never the span itself)
  ['{ name = "charge" } ~ { }', 'd'],
  ['{ name = "SELECT orders" } ~ { kind != server }', 'bf'],
  ['{ } ~ { }', 'bcdef'],
  ['{ name = "POST /api/orders" } ~ { }', ''],
  // negations: the right side's spans without the relation (all of them when the left is empty)
  ['{ name = "charge" } !> { }', 'abcdef'],
  ['{ name = "process_order" } !> { }', 'abef'],
  ['{ resource.service.name = "payment-service" } !< { }', 'acdef'],
  ['{ name = "charge" } !>> { resource.service.name = "demo-app" }', 'abef'],
  ['{ name = "process_order" } !>> { }', 'abef'],
  ['{ status = error } !<< { }', 'cdef'],
  ['{ name = "charge" } !~ { }', 'abcef'],
  ['{ name = "nope" } !> { name = "charge" }', 'c'],
  ['{ name = "charge" } !> { name = "nope" }', ''],
  // unions: the spans of both sides in the relation, in trace order
  ['{ name = "process_order" } &> { }', 'bcd'],
  ['{ name = "charge" } &< { }', 'bc'],
  ['{ name = "POST /api/orders" } &>> { status = error }', 'ac'],
  ['{ status = error } &<< { }', 'abc'],
  ['{ name = "charge" } &~ { }', 'cd'],
  ['{ name = "charge" } &> { }', ''],
  // chains associate left: the children of the root's children
  ['{ kind = server } > { } > { }', 'cd'],
  ['({ kind = server } > { }) && { status = ok }', 'bef'],
  ['{ resource.service.name = "demo-app" } >> ({ status = error } || { name = "publish" })', 'cf'],
];

describe('evaluateTrace: span set operators', () => {
  for (const [query, expected] of cases) {
    test(query, () => {
      const result = letters(evaluateTrace(parseTraceql(query), shopTrace));
      assert.deepEqual(result, expected === '' ? [] : [expected]);
    });
  }

  test('structural operators refuse several span sets per side, as Tempo', () => {
    assert.throws(
      () => evaluateTrace(parseTraceql('({ } | by(kind)) > { }'), shopTrace),
      (e: unknown) => e instanceof TraceqlEvalError && /coalesce/.test(e.message),
    );
  });

  test('a span whose parent was not received is nobody’s child or sibling', () => {
    const orphan = {
      ...(shopTrace.spans[2] as (typeof shopTrace.spans)[number]),
      spanId: '1'.repeat(16),
      parentSpanId: '2'.repeat(16),
    };
    const trace = { ...shopTrace, spans: [...shopTrace.spans, orphan] };
    const q = (s: string) =>
      evaluateTrace(parseTraceql(s), trace).flatMap((set) =>
        set.spans.map((m) => m.span.spanId[0]),
      );
    assert.deepEqual(q('{ } > { span:id = "1111111111111111" }'), []);
    assert.deepEqual(q('{ } >> { span:id = "1111111111111111" }'), []);
    assert.deepEqual(q('{ } !> { span:id = "1111111111111111" }'), ['1']);
  });
});
