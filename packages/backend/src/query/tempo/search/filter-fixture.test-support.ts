/**
 * Spans built to tell TraceQL's types apart: strings, ints, floats (integral too), bools, large
 * ints, arrays, bytes, keys that need escaping, a span attribute shadowing a resource one, and a
 * resource whose service.name is an array. Names are unique, so a test can list matches by name.
 */
const T0 = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

export const TRACE_ORDERS = '0af7651916cd43dd8448eb211c80319c';
export const TRACE_NIGHTLY = '1af7651916cd43dd8448eb211c80319d';
export const TRACE_ODD = '2af7651916cd43dd8448eb211c80319e';
export const CHARGE_SPAN_ID = '00f067aa0ba902b7';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number | string) => ({ key, value: { intValue: String(value) } });
const dbl = (key: string, value: number) => ({ key, value: { doubleValue: value } });
const bool = (key: string, value: boolean) => ({ key, value: { boolValue: value } });
const arr = (key: string, values: object[]) => ({ key, value: { arrayValue: { values } } });

interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code: number; message?: string };
  at: bigint;
  durationMs: bigint;
  attributes?: object[];
}

const span = (s: SpanSpec) => ({
  traceId: s.traceId,
  spanId: s.spanId,
  parentSpanId: s.parentSpanId ?? '',
  name: s.name,
  kind: s.kind,
  status: s.status ?? {},
  startTimeUnixNano: String(s.at),
  endTimeUnixNano: String(s.at + s.durationMs * MS),
  attributes: s.attributes ?? [],
});

const resourceSpans = (attributes: object[], spans: SpanSpec[]) => ({
  resource: { attributes },
  scopeSpans: [{ scope: { name: 'lib', version: '1.0' }, spans: spans.map(span) }],
});

export const FILTER_FIXTURE = {
  resourceSpans: [
    resourceSpans(
      [
        str('service.name', 'shop'),
        str('env', 'prod'),
        int('cpus', 8),
        arr('tags', [{ stringValue: 'a' }, { stringValue: 'b' }]),
      ],
      [
        {
          traceId: TRACE_ORDERS,
          spanId: 'b7ad6b7169203331',
          name: 'GET /orders',
          kind: 2,
          status: { code: 2, message: 'it broke' },
          at: T0,
          durationMs: 250n,
          attributes: [
            str('http.route', '/orders'),
            int('http.response.status_code', 500),
            dbl('ratio', 0.5),
            bool('flag', true),
            str('env', 'span-env'),
          ],
        },
        {
          traceId: TRACE_ORDERS,
          spanId: CHARGE_SPAN_ID,
          parentSpanId: 'b7ad6b7169203331',
          name: 'charge',
          kind: 3,
          at: T0 + 10n * MS,
          durationMs: 5n,
          attributes: [
            str('http.route', '/charge'),
            str('code', '500'),
            dbl('ratio', 2),
            int('big', '9007199254740993'),
            arr('list', [{ stringValue: 'x' }, { stringValue: 'y' }]),
            arr('nums', [{ intValue: '1' }, { intValue: '2' }, { intValue: '3' }]),
          ],
        },
      ],
    ),
    resourceSpans(
      [str('service.name', 'batch'), str('env', 'dev')],
      [
        {
          traceId: TRACE_NIGHTLY,
          spanId: '0000000000000002',
          name: 'nightly',
          kind: 1,
          status: { code: 1 },
          at: T0 + 20n * MS,
          durationMs: 1000n,
          attributes: [
            int('count', 2),
            bool('flag', false),
            arr('http.route', [{ stringValue: '/a' }, { stringValue: '/b' }]),
            { key: 'blob', value: { bytesValue: 'AAEC' } },
          ],
        },
      ],
    ),
    resourceSpans(
      [arr('service.name', [{ stringValue: 'x' }, { stringValue: 'y' }]), str('env', 'prod')],
      [
        {
          traceId: TRACE_ODD,
          spanId: '0000000000000003',
          name: 'empty',
          kind: 0,
          at: T0 + 30n * MS,
          durationMs: 1n,
        },
        {
          traceId: TRACE_ODD,
          spanId: '0000000000000004',
          parentSpanId: '0000000000000003',
          name: 'ünïcode',
          kind: 5,
          at: T0 + 31n * MS,
          durationMs: 2n,
          attributes: [str('a/b', 'x'), int('a~b', 1), str('say', 'say "hi"')],
        },
      ],
    ),
  ],
};
