/**
 * A real backend process with a little of everything stored, for the hostile-input suites: two
 * services' spans in one trace, logs of which three share one millisecond, a gauge and a histogram
 * whose series have long names. Sent over OTLP/HTTP as any SDK would send them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackendProcess, call, startBackendProcess } from '@otel-lab/testkit';

export interface HostileBackend {
  backend: BackendProcess;
  queryUrl: string;
  otlpUrl: string;
  /** host:port of OTLP/gRPC. */
  grpcAddress: string;
  /** The seeded trace's id (hex). */
  traceId: string;
  /** The millisecond three of the seeded log records share. */
  sharedMs: number;
}

const MAIN = join(__dirname, '..', 'main.js');
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROOT = '00f067aa0ba902b7';
const CHILD = '53995c3f42cd8ad8';
/** A long name, since pathological regexes are slowest on long subjects. */
export const LONG_METRIC = 'hostile_suite_request_duration_seconds_with_a_long_name';

const str = (value: string) => ({ stringValue: value });
const resource = (service: string) => ({
  attributes: [{ key: 'service.name', value: str(service) }],
});
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);

function traces(nowMs: number) {
  const span = (id: string, parent: string, name: string, kind: number, offsetMs: number) => ({
    traceId: TRACE_ID,
    spanId: id,
    parentSpanId: parent,
    name,
    kind,
    startTimeUnixNano: ns(nowMs - 1000 + offsetMs),
    endTimeUnixNano: ns(nowMs - 500 + offsetMs),
    attributes: [
      { key: 'http.route', value: str('/api/orders') },
      { key: 'order.id', value: str('o-1') },
    ],
    status: { code: parent === '' ? 1 : 2, message: parent === '' ? '' : 'card declined' },
  });
  return {
    resourceSpans: [
      {
        resource: resource('demo-app'),
        scopeSpans: [
          { scope: { name: 'hostile' }, spans: [span(ROOT, '', 'POST /api/orders', 2, 0)] },
        ],
      },
      {
        resource: resource('payment-service'),
        scopeSpans: [
          { scope: { name: 'hostile' }, spans: [span(CHILD, ROOT, 'process_payment', 2, 10)] },
        ],
      },
    ],
  };
}

function logs(sharedMs: number) {
  const record = (ms: number, body: string) => ({
    timeUnixNano: ns(ms),
    severityNumber: 9,
    severityText: 'INFO',
    body: str(body),
    traceId: TRACE_ID,
    spanId: ROOT,
    attributes: [{ key: 'order.id', value: str('o-1') }],
  });
  return {
    resourceLogs: [
      {
        resource: resource('demo-app'),
        scopeLogs: [
          {
            scope: { name: 'hostile' },
            logRecords: [
              record(sharedMs - 5, 'before'),
              record(sharedMs, 'one'),
              record(sharedMs, 'two'),
              record(sharedMs, 'three'),
              record(sharedMs + 5, 'after'),
            ],
          },
        ],
      },
    ],
  };
}

function metrics(nowMs: number) {
  const points = (value: (i: number) => number) =>
    Array.from({ length: 20 }, (_, i) => ({
      timeUnixNano: ns(nowMs - (20 - i) * 15_000),
      asDouble: value(i),
      attributes: [{ key: 'route', value: str(`/api/r${i % 4}`) }],
    }));
  return {
    resourceMetrics: [
      {
        resource: resource('demo-app'),
        scopeMetrics: [
          {
            scope: { name: 'hostile' },
            metrics: [
              { name: 'hostile_gauge', gauge: { dataPoints: points((i) => i) } },
              {
                name: LONG_METRIC,
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: points((i) => i * 3),
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

async function send(otlpUrl: string, path: string, body: unknown): Promise<void> {
  const answer = await call(otlpUrl, 'POST', path, {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  if (answer.status !== 200) throw new Error(`seeding ${path}: ${answer.status} ${answer.text}`);
}

export async function startHostileBackend(extraArgs: string[] = []): Promise<HostileBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostile-'));
  const backend = await startBackendProcess(MAIN, ['--data-dir', dataDir, ...extraArgs]);
  try {
    const nowMs = Date.now();
    const sharedMs = nowMs - 2000;
    await send(backend.otlpHttpUrl, '/v1/traces', traces(nowMs));
    await send(backend.otlpHttpUrl, '/v1/logs', logs(sharedMs));
    await send(backend.otlpHttpUrl, '/v1/metrics', metrics(nowMs));
    return {
      backend,
      queryUrl: backend.queryUrl,
      otlpUrl: backend.otlpHttpUrl,
      grpcAddress: /OTLP\/gRPC receiving on (\S+:\d+)/.exec(backend.output())?.[1] ?? '',
      traceId: TRACE_ID,
      sharedMs,
    };
  } catch (error) {
    await backend.stop();
    throw error;
  }
}
