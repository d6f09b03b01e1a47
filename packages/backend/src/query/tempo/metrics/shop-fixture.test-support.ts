/**
 * A minute of a shop's spans for metrics tests, T0 to T0 + 60 s: two services, two routes, a
 * span without a route, an error, a client call in payments under an orders request, a span
 * with an int attribute, one that starts outside the minute, and one of 1 ns (below the
 * log2 buckets).
 */
export const T0_S = 1_700_000_000n;
const T0 = T0_S * 1_000_000_000n;
const MS = 1_000_000n;

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

interface Spec {
  trace: string;
  id: string;
  parent?: string;
  name: string;
  kind?: number;
  error?: boolean;
  atMs: bigint;
  durationNs: bigint;
  attributes?: object[];
}

const span = (s: Spec) => ({
  traceId: s.trace,
  spanId: s.id,
  parentSpanId: s.parent ?? '',
  name: s.name,
  kind: s.kind ?? 2,
  status: s.error ? { code: 2, message: 'failed' } : {},
  startTimeUnixNano: String(T0 + s.atMs * MS),
  endTimeUnixNano: String(T0 + s.atMs * MS + s.durationNs),
  attributes: s.attributes ?? [],
});

const service = (name: string, spans: Spec[]) => ({
  resource: { attributes: [str('service.name', name), str('deployment.environment', 'lab')] },
  scopeSpans: [{ scope: { name: 'lib', version: '1.0' }, spans: spans.map(span) }],
});

const A = '0af7651916cd43dd8448eb211c80319c';
const B = '1af7651916cd43dd8448eb211c80319d';
const C = '2af7651916cd43dd8448eb211c80319e';
const D = '3af7651916cd43dd8448eb211c80319f';
const orders = [str('http.route', '/orders')];
const products = [str('http.route', '/products')];

export const SHOP_MINUTE = {
  resourceSpans: [
    service('shop', [
      {
        trace: A,
        id: 'a000000000000001',
        name: 'POST /orders',
        atMs: 1_000n,
        durationNs: 3n * MS,
        attributes: [...orders, int('items', 3)],
      },
      {
        trace: A,
        id: 'a000000000000002',
        parent: 'a000000000000001',
        name: 'db query',
        kind: 1,
        atMs: 1_100n,
        durationNs: MS,
      },
      {
        trace: B,
        id: 'b000000000000001',
        name: 'POST /orders',
        atMs: 2_000n,
        durationNs: 5n * MS,
        attributes: [...orders, int('items', 1)],
      },
      {
        trace: C,
        id: 'c000000000000001',
        name: 'GET /products',
        atMs: 15_000n,
        durationNs: MS,
        attributes: products,
      },
      {
        trace: D,
        id: 'd000000000000001',
        name: 'POST /orders',
        error: true,
        atMs: 25_000n,
        durationNs: 300n * MS,
        attributes: [...orders, int('items', 12)],
      },
      {
        trace: D,
        id: 'd000000000000002',
        name: 'GET /products',
        atMs: 70_000n,
        durationNs: MS,
        attributes: products,
      },
      {
        trace: C,
        id: 'c000000000000002',
        parent: 'c000000000000001',
        name: 'cache',
        kind: 1,
        atMs: 15_001n,
        durationNs: 1n,
      },
    ]),
    service('payments', [
      {
        trace: A,
        id: 'a000000000000003',
        parent: 'a000000000000001',
        name: 'charge',
        kind: 3,
        atMs: 1_200n,
        durationNs: 2n * MS,
        attributes: [str('http.route', '/charge')],
      },
      {
        trace: D,
        id: 'd000000000000003',
        parent: 'd000000000000001',
        name: 'charge',
        kind: 3,
        error: true,
        atMs: 25_010n,
        durationNs: 250n * MS,
        attributes: [str('http.route', '/charge')],
      },
    ]),
  ],
};

/** The minute, in steps of 10 s. */
export const MINUTE = `start=${T0_S}&end=${T0_S + 60n}&step=10`;
