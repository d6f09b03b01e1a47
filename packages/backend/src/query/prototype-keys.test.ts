import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeLogsJson, decodeTracesJson } from '@otel-lab/otlp';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { sortedLabels } from '../metrics/sample.js';
import { SampleBatchBuilder } from '../metrics/sample-batch-builder.js';
import { openTelemetryStore, type TelemetryStore } from '../storage/telemetry-store.js';
import { createJaegerApiHandler } from './jaeger/jaeger-api.js';
import { createJaegerApiV3Handler } from './jaeger-v3/api-v3.js';
import { createLogsApiHandler } from './native/logs-api.js';
import { createTraceSearchHandler } from './native/search-api.js';
import { createServiceMapHandler } from './native/service-map-api.js';
import { createPrometheusApiHandler } from './prometheus/prometheus-api.js';
import { createSeriesSource } from './prometheus/series-source.js';
import { recordingConnection } from './recording-connection.js';

/**
 * Keys a plain object answers from its prototype. Wherever a request key selects SQL (a table
 * looked up by it), each must get an ordinary answer, and neither it nor its value may reach the
 * SQL text: request text is only ever a bound value.
 */
const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
/** A value that would change the statement if it were pasted into it. */
const MARK = "mark7f3a') OR 1=1 --";

const T0_MS = 1_800_000_000_000;
const ns = (ms: number) => String(BigInt(T0_MS + ms) * 1_000_000n);
const WINDOW = `start=${T0_MS - 60_000}&end=${T0_MS + 60_000}`;
const V3_WINDOW = `query.start_time_min=${new Date(T0_MS - 60_000).toISOString()}&query.start_time_max=${new Date(T0_MS + 60_000).toISOString()}`;

let store: TelemetryStore;
let server: HandlerServer;
let statements: string[];
const errors: unknown[] = [];

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'prototype-keys-')) });
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] };
  const span = {
    traceId: '0000000000000000000000000000000a',
    spanId: '0000000000000001',
    name: 'GET /',
    kind: 2,
    startTimeUnixNano: ns(0),
    endTimeUnixNano: ns(5),
    attributes: [{ key: 'http.route', value: { stringValue: '/' } }],
  };
  const traces = { resourceSpans: [{ resource, scopeSpans: [{ spans: [span] }] }] };
  await store.writeSpans(decodeTracesJson(JSON.stringify(traces)).items);
  const log = { timeUnixNano: ns(0), severityNumber: 9, body: { stringValue: 'hello' } };
  const logs = { resourceLogs: [{ resource, scopeLogs: [{ logRecords: [log] }] }] };
  await store.writeLogs(decodeLogsJson(JSON.stringify(logs)).items);
  const samples = new SampleBatchBuilder();
  samples.add(
    sortedLabels([
      ['__name__', 'up'],
      ['job', 'shop'],
    ]),
    T0_MS,
    1,
  );
  await store.writeSamples(samples.build());

  const recording = recordingConnection(store.reader);
  statements = recording.statements;
  const connection = recording.connection;
  const onError = (error: unknown) => errors.push(error);
  const handlers = [
    createJaegerApiV3Handler(connection, { onError }),
    createJaegerApiHandler(connection, { onError }),
    createLogsApiHandler(connection, { onError }),
    createTraceSearchHandler(connection, { onError }),
    createServiceMapHandler(connection, { onError }),
    createPrometheusApiHandler({
      source: createSeriesSource(connection, store.metrics.series),
      connection,
      metadata: store.metrics.metadata,
      targets: () => [],
      onError,
    }),
  ];
  server = await serveHandler(async (request: IncomingMessage, response: ServerResponse) => {
    for (const handler of handlers) if (await handler(request, response)) return true;
    return false;
  });
});

after(async () => {
  await server.close();
  store.close();
});

const json = (value: unknown) => encodeURIComponent(JSON.stringify(value));

/** Each place a request key (or a value used as one) selects SQL, and the answer it must get. */
const PLACES: { name: string; path: (key: string) => string; status: number[] }[] = [
  {
    name: 'Jaeger v1 tag=KEY:VALUE',
    path: (key) => `/api/traces?service=shop&tag=${encodeURIComponent(`${key}:${MARK}`)}`,
    status: [200],
  },
  {
    name: 'Jaeger v1 tags={KEY: VALUE}',
    path: (key) => `/api/traces?service=shop&tags=${json({ [key]: MARK })}`,
    status: [200],
  },
  {
    name: 'Jaeger v1 tags={"span.kind": KEY}',
    path: (key) => `/api/traces?service=shop&tags=${json({ 'span.kind': key })}`,
    status: [200],
  },
  {
    name: 'Jaeger v1 operations spanKind=KEY',
    path: (key) => `/api/operations?service=shop&spanKind=${key}`,
    status: [200],
  },
  {
    name: 'Jaeger api_v3 operations spanKind=KEY',
    path: (key) => `/api/v3/operations?service=shop&spanKind=${key}`,
    status: [200],
  },
  {
    name: 'Jaeger api_v3 query.attributes={KEY: VALUE}',
    path: (key) =>
      `/api/v3/traces?query.service_name=shop&${V3_WINDOW}&query.attributes=${json({ [key]: MARK })}`,
    status: [404],
  },
  {
    name: 'native trace search filter=KEY=VALUE',
    path: (key) => `/api/search/traces?${WINDOW}&filter=${encodeURIComponent(`${key}=${MARK}`)}`,
    status: [200],
  },
  {
    name: 'native trace search filter=KEY (exists)',
    path: (key) => `/api/search/traces?${WINDOW}&filter=${key}`,
    status: [200],
  },
  {
    name: 'native trace search sort=KEY',
    path: (key) => `/api/search/traces?sort=${key}`,
    status: [400],
  },
  {
    name: 'log search attr.KEY=VALUE',
    path: (key) => `/api/logs?${WINDOW}&attr.${key}=${encodeURIComponent(MARK)}`,
    status: [200],
  },
  {
    name: 'log search minSeverity=KEY',
    path: (key) => `/api/logs?minSeverity=${key}`,
    status: [400],
  },
  { name: 'log search before=KEY', path: (key) => `/api/logs?before=${key}`, status: [400] },
  { name: 'service map start=KEY', path: (key) => `/api/service-map?start=${key}`, status: [400] },
  {
    name: 'Prometheus label values of KEY',
    path: (key) => `/api/v1/label/${key}/values`,
    status: [200],
  },
];

describe('prototype keys get an ordinary answer, and no request text reaches SQL', () => {
  for (const place of PLACES) {
    for (const key of PROTOTYPE_KEYS) {
      test(`${place.name} with ${key}`, async () => {
        statements.length = 0;
        const response = await fetch(`${server.url}${place.path(key)}`);
        const body = await response.text();
        assert.ok(place.status.includes(response.status), `${response.status}: ${body}`);
        // An answer in the API's shape; nothing found, so nothing from the request comes back.
        const parsed = JSON.parse(body) as Record<string, unknown>;
        const found = parsed.data ?? parsed.logs ?? parsed.traces ?? parsed.operations;
        if (response.status === 200) assert.deepEqual(found, [], body);
        assert.ok(!body.includes('native code'), body);
        for (const sql of statements) {
          assert.ok(!sql.includes(key), `"${key}" in ${sql}`);
          assert.ok(!sql.includes('mark7f3a'), `the value in ${sql}`);
        }
      });
    }
  }

  test('the known keys still select: span.kind, http.route and a severity name', async () => {
    const micros = `start=${(T0_MS - 60_000) * 1000}&end=${(T0_MS + 60_000) * 1000}`;
    const tags = json({ 'span.kind': 'server', 'http.route': '/' });
    const kinds = await fetch(`${server.url}/api/traces?service=shop&${micros}&tags=${tags}`);
    assert.equal(((await kinds.json()) as { data: unknown[] }).data.length, 1);
    const operations = await fetch(`${server.url}/api/operations?service=shop&spanKind=server`);
    assert.deepEqual(((await operations.json()) as { data: unknown[] }).data, [
      { name: 'GET /', spanKind: 'server' },
    ]);
    const severities = await Promise.all(
      ['trace', 'INFO', 'error'].map(async (name) => {
        const logs = await fetch(`${server.url}/api/logs?${WINDOW}&minSeverity=${name}`);
        return ((await logs.json()) as { logs: unknown[] }).logs.length;
      }),
    );
    assert.deepEqual(severities, [1, 1, 0]);
  });

  test('no storage error was raised on the way', () => assert.deepEqual(errors, []));
});
