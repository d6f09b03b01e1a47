import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeTracesJson } from '@otel-lab/otlp';
import { createTraceReader } from '../query/jaeger/trace-reader.js';
import { CREATE_V1, SCHEMA_VERSION, StorageVersionError } from './schema.js';
import { DATABASE_FILE, openTelemetryStore } from './telemetry-store.js';

test('a new data directory gets the schema; reopening it keeps the data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-'));
  const first = await openTelemetryStore({ dataDir });
  assert.deepEqual(await first.counts(), {
    spans: 0,
    logs: 0,
    metrics: 0,
    series: 0,
    samples: 0,
    histogramSamples: 0,
  });
  assert.ok(first.diskBytes() > 0);
  first.close();
  const again = await openTelemetryStore({ dataDir });
  assert.deepEqual(await again.counts(), {
    spans: 0,
    logs: 0,
    metrics: 0,
    series: 0,
    samples: 0,
    histogramSamples: 0,
  });
  again.close();
});

test("the database's memory limit is the one asked for, and its use is reported", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-memory-'));
  const store = await openTelemetryStore({ dataDir, memoryLimitBytes: 64 * 2 ** 20 });
  try {
    const setting = await store.reader.runAndReadAll("SELECT current_setting('memory_limit') AS v");
    assert.equal(setting.getRowObjects()[0]?.v, '64.0 MiB');
    const memory = await store.memory();
    assert.equal(memory.limitBytes, 64 * 2 ** 20);
    assert.ok(Number.isInteger(memory.usedBytes) && memory.usedBytes >= 0);
  } finally {
    store.close();
  }
});

test('a data directory from a newer backend is a clear error, not a crash', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-newer-'));
  (await openTelemetryStore({ dataDir })).close();
  const instance = await DuckDBInstance.create(join(dataDir, DATABASE_FILE));
  const connection = await instance.connect();
  await connection.run('UPDATE schema_info SET version = 99');
  connection.closeSync();
  instance.closeSync();
  await assert.rejects(openTelemetryStore({ dataDir }), (error: unknown) => {
    assert.ok(error instanceof StorageVersionError);
    assert.match(error.message, /schema version 99.*newer backend.*--data-dir/);
    return true;
  });
});

/** Events as version 1 stored them: OTLP/JSON with absolute times. */
const V1_EVENTS = [
  {
    timeUnixNano: '1',
    name: 'e',
    attributes: [{ key: 'message', value: { stringValue: 'x' } }],
    droppedAttributesCount: 1,
  },
];

/** Span attributes as version 1 stored them: OTLP/JSON, one of each value type. */
const V1_ATTRIBUTES = [
  { key: 's', value: { stringValue: 'x' } },
  { key: 'n', value: { intValue: '7' } },
  { key: 'big', value: { intValue: '9007199254740993' } },
  { key: 'd', value: { doubleValue: 2 } },
  { key: 'f', value: { doubleValue: 0.5 } },
  { key: 'b', value: { boolValue: false } },
  { key: 'bytes', value: { bytesValue: 'AAE=' } },
  { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } } },
  { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } } },
];

test('a version 1 data directory is migrated, its spans keep their resource and scope', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-v1-'));
  const instance = await DuckDBInstance.create(join(dataDir, DATABASE_FILE));
  const v1 = await instance.connect();
  for (const statement of CREATE_V1) await v1.run(statement);
  const resource = (service: string) =>
    JSON.stringify({
      attributes: [{ key: 'service.name', value: { stringValue: service } }],
      droppedAttributesCount: 0,
      schemaUrl: '',
    });
  const scope = JSON.stringify({ name: 'lib', version: '1.0', attributes: [] });
  for (const [n, service] of [
    [1, 'shop'],
    [2, 'shop'],
    [3, 'payments'],
  ] as const) {
    await v1.run(
      `INSERT INTO spans (trace_id, span_id, service, name, start_ns, end_ns, duration_ns,
         attributes, events, links, resource, scope)
       VALUES (${n}::UHUGEINT, ${n}::UBIGINT, $1, 'op', 1, 2, 1, $5, $4, '[]', $2, $3)`,
      [
        service,
        resource(service),
        scope,
        n === 3 ? JSON.stringify(V1_EVENTS) : '[]',
        JSON.stringify(V1_ATTRIBUTES),
      ],
    );
  }
  v1.closeSync();
  instance.closeSync();

  const store = await openTelemetryStore({ dataDir });
  try {
    const spans = await createTraceReader(store.reader).readTraces([1n, 2n, 3n]);
    assert.deepEqual(
      spans.map((span) => [
        Number(span.traceId),
        JSON.parse(span.resource),
        JSON.parse(span.scope),
      ]),
      [
        [1, JSON.parse(resource('shop')), JSON.parse(scope)],
        [2, JSON.parse(resource('shop')), JSON.parse(scope)],
        [3, JSON.parse(resource('payments')), JSON.parse(scope)],
      ],
    );
    const [row] = (
      await store.reader.runAndReadAll(
        `SELECT (SELECT max(version) FROM schema_info) AS version,
                (SELECT count(*) FROM resources)::INTEGER AS resources,
                (SELECT count(*) FROM information_schema.columns
                  WHERE table_name = 'spans' AND column_name IN ('resource', 'scope'))::INTEGER AS old`,
      )
    ).getRowObjects();
    assert.deepEqual(row, { version: SCHEMA_VERSION, resources: 2, old: 0 });
    assert.deepEqual(
      spans.map((span) => span.attributes),
      [V1_ATTRIBUTES, V1_ATTRIBUTES, V1_ATTRIBUTES],
    );
    assert.deepEqual(
      spans.map((span) => [span.events, span.endNs]),
      [
        [[], 2n],
        [[], 2n],
        [V1_EVENTS, 2n],
      ],
    );
    const nested = (
      await store.reader.runAndReadAll('SELECT nested_keys FROM spans ORDER BY trace_id')
    ).getRowObjects();
    assert.deepEqual(
      nested.map((r) => r.nested_keys),
      ['', '', '|message|'],
    );
    // New spans of a known resource reuse its row.
    await store.writeSpans(
      decodeTracesJson(
        Buffer.from(
          JSON.stringify({
            resourceSpans: [
              {
                resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
                scopeSpans: [
                  {
                    scope: { name: 'lib', version: '1.0' },
                    spans: [
                      {
                        traceId: '00000000000000000000000000000004',
                        spanId: '0000000000000004',
                        name: 'op',
                      },
                    ],
                  },
                ],
              },
            ],
          }),
        ),
      ).items,
    );
    const [after] = (
      await store.reader.runAndReadAll('SELECT count(*)::INTEGER AS n FROM resources')
    ).getRowObjects();
    assert.equal(after?.n, 2);
  } finally {
    store.close();
  }
});
