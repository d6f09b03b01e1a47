import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeLogsJson } from '@otel-lab/otlp';
import { logSource } from '../loki-model/log-source.js';
import {
  dropHistogramSamples,
  dropTagHashes,
  restoreLogSourceCopies,
} from './older-schemas.test-support.js';
import { DATABASE_FILE, openTelemetryStore, type TelemetryStore } from './telemetry-store.js';

/** One record per (service, scope, body). */
function logs(records: [service: string | undefined, scope: string, body: string][]) {
  const resourceLogs = records.map(([service, scope, body]) => ({
    resource: {
      attributes: service ? [{ key: 'service.name', value: { stringValue: service } }] : [],
    },
    scopeLogs: [
      { scope: { name: scope }, logRecords: [{ timeUnixNano: '1', body: { stringValue: body } }] },
    ],
  }));
  return decodeLogsJson(JSON.stringify({ resourceLogs })).items;
}

/** Each record's body with its source's Loki stream and scope name. */
async function sources(store: TelemetryStore): Promise<[string, string, string][]> {
  const rows = await store.reader.runAndReadAll(
    `SELECT l.body->>'stringValue' AS body, s.resource::VARCHAR AS resource,
            s.scope->>'name' AS scope
       FROM logs l JOIN log_sources s ON s.id = l.source_id ORDER BY l.seq`,
  );
  return rows.getRowObjects().map((r) => {
    const labels = logSource(JSON.parse(String(r.resource)), undefined).labels;
    const stream = JSON.stringify(Object.fromEntries(labels.map((l) => [l.name, l.value])));
    return [String(r.body), stream, String(r.scope)];
  });
}

const EXPECTED: [string, string, string][] = [
  ['a', '{"service_name":"shop"}', 'http'],
  ['b', '{"service_name":"shop"}', 'http'],
  ['c', '{"service_name":"shop"}', 'db'],
  ['d', '{"service_name":"unknown_service"}', 'http'],
];
const RECORDS: [string | undefined, string, string][] = [
  ['shop', 'http', 'a'],
  ['shop', 'http', 'b'],
  ['shop', 'db', 'c'],
  [undefined, 'http', 'd'],
];

test('records reference one source per resource and scope, with its Loki stream, across restarts', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'log-sources-'));
  const store = await openTelemetryStore({ dataDir });
  await store.writeLogs(logs(RECORDS.slice(0, 2)));
  await store.writeLogs(logs(RECORDS.slice(2)));
  assert.deepEqual(await sources(store), EXPECTED);
  store.close();
  const reopened = await openTelemetryStore({ dataDir });
  try {
    await reopened.writeLogs(logs([['shop', 'http', 'e']]));
    const count = await reopened.reader.runAndReadAll(
      'SELECT count(*)::INTEGER AS n FROM log_sources',
    );
    assert.equal(count.getRowObjects()[0]?.n, 3, 'the known pair is not stored again');
    assert.deepEqual((await sources(reopened)).at(-1), ['e', '{"service_name":"shop"}', 'http']);
  } finally {
    reopened.close();
  }
});

test('a version 4 data directory gets the sources of its stored records', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'log-sources-v4-'));
  const store = await openTelemetryStore({ dataDir });
  await store.writeLogs(logs(RECORDS));
  store.close();
  const instance = await DuckDBInstance.create(join(dataDir, DATABASE_FILE));
  const v4 = await instance.connect();
  await restoreLogSourceCopies(v4);
  await dropHistogramSamples(v4);
  await dropTagHashes(v4);
  await v4.run('ALTER TABLE logs DROP COLUMN detected_level');
  await v4.run('ALTER TABLE logs DROP COLUMN source_id');
  await v4.run('DROP TABLE log_sources');
  await v4.run('UPDATE schema_info SET version = 4');
  v4.closeSync();
  instance.closeSync();

  const migrated = await openTelemetryStore({ dataDir });
  try {
    assert.deepEqual(await sources(migrated), EXPECTED);
    await migrated.writeLogs(logs([['shop', 'db', 'f']]));
    assert.deepEqual((await sources(migrated)).at(-1), ['f', '{"service_name":"shop"}', 'db']);
    const count = await migrated.reader.runAndReadAll(
      'SELECT count(*)::INTEGER AS n FROM log_sources',
    );
    assert.equal(count.getRowObjects()[0]?.n, 3);
  } finally {
    migrated.close();
  }
});
