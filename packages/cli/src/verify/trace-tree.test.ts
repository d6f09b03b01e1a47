import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { orderTrace, span, TRACE_ID } from './test-support/canned-lab.js';
import { orderTraceProblems, pickOrderTrace, traceShape } from './trace-tree.js';

const rule = { minSpans: 5, services: ['demo-app', 'payment-service'] };

describe('order trace shape', () => {
  const cases: { name: string; spans?: ReturnType<typeof span>[]; problems: RegExp[] }[] = [
    { name: "the lab's order trace", problems: [] },
    {
      name: 'two roots',
      spans: [
        ...orderTrace().spans.filter((s) => s.spanID !== 'a3'),
        span('a3', 'validate_order', 'p1'),
      ],
      problems: [/^2 root spans, not one$/],
    },
    {
      name: 'no root: a cycle',
      spans: [span('a1', 'x', 'p1', 'a2'), span('a2', 'y', 'p1', 'a1')],
      problems: [/^0 root spans/, /fewer than 5/, /no spans from payment-service/],
    },
    {
      name: "payment-service's spans without the client span they hang from",
      spans: orderTrace().spans.filter((s) => s.spanID !== 'a5'),
      problems: [/^payment-service POST \/api\/charge's parent a5 is not in the trace$/],
    },
    {
      name: 'only demo-app',
      spans: orderTrace().spans.filter((s) => s.processID === 'p1'),
      problems: [/^no spans from payment-service$/],
    },
    {
      name: 'a repeated span id',
      spans: [...orderTrace().spans, span('a6', 'update_inventory', 'p1', 'a2')],
      problems: [/^span ids repeat$/],
    },
  ];
  for (const { name, spans, problems } of cases) {
    test(name, () => {
      const found = orderTraceProblems(traceShape(orderTrace(TRACE_ID, spans)), rule);
      assert.equal(found.length, problems.length, found.join('; '));
      for (const [i, pattern] of problems.entries()) assert.match(found[i] ?? '', pattern);
    });
  }

  test('counts spans per service and finds the root', () => {
    const shape = traceShape(orderTrace());
    assert.deepEqual(shape.spansByService, { 'demo-app': 6, 'payment-service': 2 });
    assert.deepEqual(shape.root, { service: 'demo-app', operation: 'POST /api/orders' });
    assert.equal(shape.spanCount, 8);
  });

  test('a FOLLOWS_FROM reference is a parent link when there is no CHILD_OF', () => {
    const follows = span('a3', 'validate_order', 'p1');
    follows.references = [{ refType: 'FOLLOWS_FROM', traceID: TRACE_ID, spanID: 'a2' }];
    const spans = [...orderTrace().spans.filter((s) => s.spanID !== 'a3'), follows];
    assert.deepEqual(traceShape(orderTrace(TRACE_ID, spans)).problems, []);
  });
});

describe('picking the order trace', () => {
  /** A copy of the order trace under another id, `byUs` later. */
  const shifted = (id: string, byUs: number, spans = orderTrace().spans) =>
    orderTrace(
      id,
      spans.map((s) => ({
        ...s,
        startTime: s.startTime + byUs,
        references: s.references?.map((ref) => ({ ...ref, traceID: id })),
      })),
    );

  test('the newest complete trace, over a newer incomplete one', () => {
    const incomplete = shifted('new', 2_000_000, orderTrace().spans.slice(0, 3));
    const picked = pickOrderTrace([shifted('old', 0), incomplete, shifted('mid', 1_000_000)], rule);
    assert.equal(picked?.shape.traceId, 'mid');
    assert.deepEqual(picked?.problems, []);
  });

  test('with none complete, the newest with its problems', () => {
    const picked = pickOrderTrace(
      [
        shifted('a', 0, orderTrace().spans.slice(0, 2)),
        shifted('b', 5, orderTrace().spans.slice(0, 1)),
      ],
      rule,
    );
    assert.equal(picked?.shape.traceId, 'b');
    assert.ok((picked?.problems.length ?? 0) > 0);
  });

  test('no traces, no pick', () => {
    assert.equal(pickOrderTrace([], rule), undefined);
  });
});
