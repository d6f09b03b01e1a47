/**
 * Requests for bench:decoded-size, shaped like the lab's telemetry: spans with 10 attributes and
 * an event (as bench:ingest sends), log records with a message, 6 attributes and trace context,
 * and metrics of 10 points with 3 attributes each (half sums, half histograms of 10 buckets).
 * Built once in the OTLP/JSON mapping; the protobuf body is the same request encoded.
 */
import { OTLP_PROTO, type Signal } from '@otel-lab/otlp';
import protobuf from 'protobufjs';

type Json = Record<string, unknown>;

const root = protobuf.parse(OTLP_PROTO).root;
const TYPES: Record<Signal, string> = {
  traces: 'otlp.ExportTraceServiceRequest',
  logs: 'otlp.ExportLogsServiceRequest',
  metrics: 'otlp.ExportMetricsServiceRequest',
};
const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0').slice(-digits);
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
const nowNs = BigInt(Date.now()) * 1_000_000n;
const ns = (offsetMs: number) => String(nowNs + BigInt(offsetMs) * 1_000_000n);
const resource = (service: string) => ({
  attributes: [
    str('service.name', service),
    str('service.version', '1.4.2'),
    str('host.name', 'lab-1'),
  ],
});

function span(i: number): Json {
  const route = ['/api/orders/{id}', '/api/products', '/checkout/place', '/payments/charge'][i % 4];
  return {
    traceId: hex(0x5eed0000 + Math.floor(i / 5), 32),
    spanId: hex(i + 1, 16),
    ...(i % 5 ? { parentSpanId: hex(i, 16) } : {}),
    name: `GET ${route}`,
    kind: i % 5 ? 3 : 2,
    startTimeUnixNano: ns(i),
    endTimeUnixNano: ns(i + 40),
    attributes: [
      str('http.request.method', 'GET'),
      str('http.route', route ?? ''),
      str(
        'url.full',
        `http://frontend:8080/api/orders/${i * 7919}?session=${(i * 104729).toString(36)}`,
      ),
      str('client.address', `10.0.${i % 256}.${(i * 7) % 256}`),
      str('enduser.id', `user-${(i * 31) % 1_000_000}`),
      str('user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0'),
      int('http.response.status_code', 200),
      int('http.response.body.size', (i * 13) % 50_000),
      { key: 'cart.total', value: { doubleValue: (i % 10_000) / 100 } },
      { key: 'cache.hit', value: { boolValue: i % 3 === 0 } },
    ],
    events: [
      { timeUnixNano: ns(i + 20), name: 'log', attributes: [str('message', `handled ${route}`)] },
    ],
    status: {},
  };
}

function logRecord(i: number): Json {
  return {
    timeUnixNano: ns(i),
    observedTimeUnixNano: ns(i),
    severityNumber: 9,
    severityText: 'INFO',
    body: {
      stringValue: `order ${i * 7919} placed for user-${(i * 31) % 1_000_000}: 3 items, total 42.50`,
    },
    attributes: [
      str('http.route', '/api/orders'),
      str('http.request.method', 'POST'),
      int('http.response.status_code', 201),
      str('order.id', `ord-${i * 7919}`),
      str('enduser.id', `user-${(i * 31) % 1_000_000}`),
      str('code.function', 'placeOrder'),
    ],
    traceId: hex(0x10660000 + i, 32),
    spanId: hex(i + 1, 16),
  };
}

function metric(i: number): Json {
  const points = Array.from({ length: 10 }, (_, j) => ({
    attributes: [
      str('http.route', `/api/route/${j}`),
      str('http.request.method', j % 2 ? 'GET' : 'POST'),
      int('http.response.status_code', 200 + (j % 3)),
    ],
    startTimeUnixNano: ns(-60_000),
    timeUnixNano: ns(0),
    ...(i % 2
      ? {
          count: '40',
          sum: 12.5,
          bucketCounts: ['1', '2', '4', '8', '10', '8', '4', '2', '1', '0', '0'],
          explicitBounds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        }
      : { asDouble: i * j }),
  }));
  return i % 2
    ? {
        name: `http_server_duration_${i}`,
        unit: 's',
        histogram: { aggregationTemporality: 2, dataPoints: points },
      }
    : {
        name: `app_requests_${i}`,
        unit: '1',
        sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: points },
      };
}

/** An export request of `items` spans, log records, or metric points (10 per metric). */
export function requestJson(signal: Signal, items: number): Json {
  const scope = { name: 'decoded-size', version: '1.0.0' };
  if (signal === 'traces') {
    const spans = Array.from({ length: items }, (_, i) => span(i));
    return { resourceSpans: [{ resource: resource('frontend'), scopeSpans: [{ scope, spans }] }] };
  }
  if (signal === 'logs') {
    const logRecords = Array.from({ length: items }, (_, i) => logRecord(i));
    return {
      resourceLogs: [{ resource: resource('demo-app'), scopeLogs: [{ scope, logRecords }] }],
    };
  }
  const metrics = Array.from({ length: Math.ceil(items / 10) }, (_, i) => metric(i));
  return {
    resourceMetrics: [{ resource: resource('demo-app'), scopeMetrics: [{ scope, metrics }] }],
  };
}

/** The same request as protobuf (ids from hex to bytes; protobufjs takes the rest as it is). */
export function encodeRequest(signal: Signal, request: Json): Uint8Array {
  const type = root.lookupType(TYPES[signal]);
  const withBytes = JSON.parse(JSON.stringify(request), (key, value) =>
    ID_KEYS.has(key) && typeof value === 'string' ? Buffer.from(value, 'hex') : value,
  ) as Json;
  return type.encode(type.fromObject(withBytes)).finish();
}
