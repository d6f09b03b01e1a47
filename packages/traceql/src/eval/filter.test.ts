import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTraceql } from '../parse/parser';
import { evaluateTrace } from './evaluate-trace';
import { letters, shopTrace } from './shop-trace.test-support';

// [query, the spans of the one span set it returns ('' : the trace does not match)]
const cases: readonly (readonly [string, string])[] = [
  ['{}', 'abcdef'],
  ['{ true }', 'abcdef'],
  ['{ false }', ''],
  // intrinsics and their scoped spellings
  ['{ name = "charge" }', 'c'],
  ['{ span:name = "charge" }', 'c'],
  ['{ name != "charge" }', 'abdef'],
  ['{ name > "process_order" }', 'df'],
  ['{ name <= "SELECT orders" }', 'ae'],
  ['{ status = error }', 'c'],
  ['{ span:status != unset }', 'cf'],
  ['{ status = 2 }', 'c'],
  ['{ statusMessage = "card declined" }', 'c'],
  ['{ span:statusMessage =~ "card.*" }', 'c'],
  ['{ kind = server }', 'ac'],
  ['{ span:kind = client || kind = producer }', 'ef'],
  ['{ duration > 300ms }', 'abc'],
  ['{ span:duration >= 250ms && duration < 400ms }', 'd'],
  ['{ duration = 10ms }', 'f'],
  ['{ duration > 1000000 }', 'abcdef'],
  ['{ traceDuration = 900ms }', 'abcdef'],
  ['{ trace:duration > 1s }', ''],
  ['{ rootName = "POST /api/orders" }', 'abcdef'],
  ['{ trace:rootName != "POST /api/orders" }', ''],
  ['{ rootServiceName = "demo-app" && resource.service.name = "payment-service" }', 'cd'],
  ['{ trace:rootService = "payment-service" }', ''],
  ['{ trace:id = "0af7651916cd43dd8448eb211c80319c" }', 'abcdef'],
  ['{ span:id = "cccccccccccccccc" }', 'c'],
  ['{ span:parentID = "bbbbbbbbbbbbbbbb" }', 'cd'],
  ['{ instrumentation:name = "kafkajs" && instrumentation:version = "2.0" }', 'f'],
  ['{ instrumentation.messaging.lib = "kafkajs" }', 'f'],
  // events and links
  ['{ event:name = "exception" }', 'c'],
  ['{ event.exception.type = "CardError" }', 'c'],
  ['{ event:name = "query" && event.rows > 10 }', 'e'],
  ['{ event:name = "exception" && event.rows > 10 }', ''],
  ['{ event:timeSinceStart > 2ms }', 'c'],
  ['{ link:traceID = "ffffffffffffffffffffffffffffffff" }', 'd'],
  ['{ link:spanID = "9999999999999999" && link.retry.reason = "timeout" }', 'd'],
  // attributes: scoped, unscoped (span, then resource), typed
  ['{ span.http.route = "/api/orders" }', 'a'],
  ['{ .http.route =~ "/.*" }', 'ac'],
  ['{ resource.service.name = "payment-service" }', 'cd'],
  ['{ .service.name = "payment-service" }', 'cd'],
  ['{ span.service.name = "payment-service" }', ''],
  ['{ .deployment.environment = "lab" }', 'abcdef'],
  ['{ span.http.status_code = 200 }', 'a'],
  ['{ span.http.status_code >= 199.5 }', 'a'],
  ['{ span.order.total = 42.5 && span.order.items < 3.5 }', 'b'],
  ['{ span.order.total > 42 }', 'b'],
  ['{ span.payment.slow = true }', 'c'],
  ['{ span.payment.slow != true }', 'd'],
  ['{ span.payment.slow }', 'c'],
  ['{ !span.payment.slow }', 'd'],
  ['{ span.payment.slow > false }', ''],
  ['{ span.tags = "b" }', 'd'],
  ['{ span.tags != "c" }', 'd'],
  ['{ span.tags != "a" }', ''],
  ['{ span.tags =~ "[ab]" }', 'd'],
  // missing attributes: false in every comparison, = nil / != nil test presence
  ['{ span.http.route != "/api/orders" }', 'c'],
  ['{ span.db.system !~ "mysql" }', 'e'],
  ['{ span.db.system = nil }', 'abcdf'],
  ['{ span.db.system != nil }', 'e'],
  ['{ nil = span.db.system }', 'abcdf'],
  ['{ span.order.items > 1 || span.order.items <= 1 }', 'b'],
  ['{ !(span.order.items > 1) }', 'acdef'],
  // type mismatches are false, not errors
  ['{ span.http.status_code = "200" }', ''],
  ['{ name = 3 }', ''],
  ['{ status = server }', ''],
  // regex: anchored, RE2, dot matches newlines
  ['{ name =~ "process" }', ''],
  ['{ name =~ "process.*" }', 'bd'],
  ['{ name =~ "(?i)select.*" }', 'e'],
  ['{ name !~ "process.*|charge" }', 'aef'],
  ['{ name =~ "charge|publish" }', 'cf'],
  // arithmetic in fields
  ['{ span.order.items * 2 = 6 }', 'b'],
  ['{ span.order.items + span.order.total > 45 }', 'b'],
  ['{ span.order.items / 2 = 1 }', 'b'],
  ['{ span.order.items % 2 = 1 }', 'b'],
  ['{ span.order.items ^ 2 = 9 }', 'b'],
  ['{ -span.order.items < -2 }', 'b'],
  ['{ duration - 100ms > 700ms }', 'a'],
  ['{ duration * 2 > 1s }', 'ab'],
  ['{ span.order.items / 0 = 1 }', ''],
  // boolean structure and precedence
  ['{ (kind = server || kind = client) && resource.service.name = "demo-app" }', 'ae'],
  // && and || share one precedence in Tempo, left-associative
  ['{ kind = server || kind = client && resource.service.name = "demo-app" }', 'ae'],
  ['{ resource.service.name = "demo-app" && kind = client || kind = server }', 'ace'],
  ['{ !(kind = server) && duration > 300ms }', 'b'],
  // parent-scoped attributes read the parent span
  ['{ parent.span.http.route = "/api/orders" }', 'bef'],
  [
    '{ parent.resource.service.name = "demo-app" && resource.service.name = "payment-service" }',
    'cd',
  ],
];

describe('evaluateTrace: span set filters', () => {
  for (const [query, expected] of cases) {
    test(query, () => {
      const result = letters(evaluateTrace(parseTraceql(query), shopTrace));
      assert.deepEqual(result, expected === '' ? [] : [expected]);
    });
  }
});
