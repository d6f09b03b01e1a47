import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { StorageVersionError } from './schema.js';
import { DATABASE_FILE, openTelemetryStore } from './telemetry-store.js';

test('a new data directory gets the schema; reopening it keeps the data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-'));
  const first = await openTelemetryStore({ dataDir });
  assert.deepEqual(await first.counts(), { spans: 0, logs: 0, metrics: 0 });
  assert.ok(first.diskBytes() > 0);
  first.close();
  const again = await openTelemetryStore({ dataDir });
  assert.deepEqual(await again.counts(), { spans: 0, logs: 0, metrics: 0 });
  again.close();
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
