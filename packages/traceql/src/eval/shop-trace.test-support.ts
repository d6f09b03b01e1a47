// A trace built for the evaluator's tests: a root, children, grandchildren and siblings across two
// services (demo-app and payment-service), with events, links, scopes and typed attributes.
//
//   a root    POST /api/orders   demo-app         server    900ms  route /api/orders, status_code 200
//   ├─ b order process_order     demo-app         internal  600ms  order.items 3, order.total 42.5
//   │  ├─ c charge  charge        payment-service  server    400ms  error "card declined", slow true, event exception
//   │  └─ d pay     process_payment payment-service internal 250ms  slow false, tags [a, b], link
//   ├─ e select SELECT orders    demo-app         client     50ms  db.system postgresql, event query
//   └─ f publish publish         demo-app         producer   10ms  scope kafkajs 2.0, status ok
import type { AttributeValue, TraceqlSpan, TraceqlTrace } from './trace-model';

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const MS = 1_000_000n;
const T0 = 1_700_000_000_000_000_000n;

type Plain = string | number | boolean | readonly string[];
function value(v: Plain): AttributeValue {
  if (Array.isArray(v))
    return { type: 'array', values: v.map((s) => ({ type: 'string', value: s })) };
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  if (typeof v !== 'number') throw new Error('unreachable');
  return Number.isInteger(v) ? { type: 'int', value: v } : { type: 'float', value: v };
}
export const attrs = (o: Record<string, Plain> = {}) =>
  new Map(Object.entries(o).map(([k, v]) => [k, value(v as Plain)]));

export const id = (letter: string) => letter.repeat(16);
const demo = attrs({ 'service.name': 'demo-app', 'deployment.environment': 'lab' });
const payment = attrs({ 'service.name': 'payment-service', 'deployment.environment': 'lab' });

export function span(
  over: Partial<TraceqlSpan> & Pick<TraceqlSpan, 'spanId' | 'name'>,
): TraceqlSpan {
  return {
    parentSpanId: '',
    kind: 'internal',
    status: 'unset',
    statusMessage: '',
    startNs: T0,
    durationNs: 10n * MS,
    attributes: attrs(),
    resource: demo,
    scope: { name: '@opentelemetry/instrumentation-http', version: '0.52.0', attributes: attrs() },
    events: [],
    links: [],
    ...over,
  };
}

export const shopTrace: TraceqlTrace = {
  traceId: TRACE_ID,
  spans: [
    span({
      spanId: id('a'),
      name: 'POST /api/orders',
      kind: 'server',
      durationNs: 900n * MS,
      attributes: attrs({ 'http.route': '/api/orders', 'http.status_code': 200 }),
    }),
    span({
      spanId: id('b'),
      parentSpanId: id('a'),
      name: 'process_order',
      startNs: T0 + 100n * MS,
      durationNs: 600n * MS,
      attributes: attrs({ 'order.items': 3, 'order.total': 42.5 }),
    }),
    span({
      spanId: id('c'),
      parentSpanId: id('b'),
      name: 'charge',
      kind: 'server',
      status: 'error',
      statusMessage: 'card declined',
      startNs: T0 + 150n * MS,
      durationNs: 400n * MS,
      resource: payment,
      attributes: attrs({ 'payment.slow': true, 'http.route': '/charge' }),
      events: [
        {
          name: 'exception',
          timeSinceStartNs: 5n * MS,
          attributes: attrs({ 'exception.type': 'CardError' }),
        },
      ],
    }),
    span({
      spanId: id('d'),
      parentSpanId: id('b'),
      name: 'process_payment',
      startNs: T0 + 560n * MS,
      durationNs: 250n * MS,
      resource: payment,
      attributes: attrs({ 'payment.slow': false, tags: ['a', 'b'] }),
      links: [
        {
          traceId: 'f'.repeat(32),
          spanId: id('9'),
          attributes: attrs({ 'retry.reason': 'timeout' }),
        },
      ],
    }),
    span({
      spanId: id('e'),
      parentSpanId: id('a'),
      name: 'SELECT orders',
      kind: 'client',
      startNs: T0 + 20n * MS,
      durationNs: 50n * MS,
      attributes: attrs({ 'db.system': 'postgresql' }),
      events: [{ name: 'query', timeSinceStartNs: 1n * MS, attributes: attrs({ rows: 12 }) }],
    }),
    span({
      spanId: id('f'),
      parentSpanId: id('a'),
      name: 'publish',
      kind: 'producer',
      status: 'ok',
      startNs: T0 + 880n * MS,
      durationNs: 10n * MS,
      scope: { name: 'kafkajs', version: '2.0', attributes: attrs({ 'messaging.lib': 'kafkajs' }) },
    }),
  ],
};

/** The letters (a…f) of each returned span set's spans, for compact expectations. */
export function letters(sets: readonly { spans: readonly { span: TraceqlSpan }[] }[]): string[] {
  return sets.map((s) => s.spans.map((m) => m.span.spanId[0]).join(''));
}
