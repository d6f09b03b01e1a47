import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeLogsJson } from '@otel-lab/otlp';
import {
  dropHistogramSamples,
  dropTagHashes,
  restoreLogSourceCopies,
} from './older-schemas.test-support.js';
import { SCHEMA_VERSION } from './schema.js';
import { DATABASE_FILE, openTelemetryStore, type TelemetryStore } from './telemetry-store.js';

const NOW_MS = 1_800_000_000_000;
const HOUR_MS = 3_600_000;

/** Log records with these bodies, all at `ms`. */
function logsAt(ms: number, bodies: string[]) {
  const logRecords = bodies.map((body) => ({
    timeUnixNano: String(BigInt(ms) * 1_000_000n),
    body: { stringValue: body },
  }));
  return decodeLogsJson(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] })).items;
}

/** Each record's body and seq, in storage order. */
async function seqs(store: TelemetryStore): Promise<[string, bigint][]> {
  const rows = await store.reader.runAndReadAll(
    `SELECT body->>'stringValue' AS body, seq FROM logs ORDER BY rowid`,
  );
  return rows.getRowObjects().map((row) => [String(row.body), row.seq as bigint]);
}

const increasing = (values: bigint[]) =>
  values.every((v, i) => i === 0 || v > (values[i - 1] ?? v));

test('seq stays with its record through retention, a checkpoint and a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'log-seq-'));
  const store = await openTelemetryStore({ dataDir });
  await store.writeLogs(logsAt(NOW_MS - 3 * HOUR_MS, ['old-a', 'old-b']));
  await store.writeLogs(logsAt(NOW_MS, ['a', 'b', 'c']));
  await store.writeLogs(logsAt(NOW_MS, ['d']));
  const before = await seqs(store);
  assert.ok(increasing(before.map(([, seq]) => seq)), 'unique and increasing as stored');
  await store.evict({ maxAgeMs: HOUR_MS }, NOW_MS);
  await store.reader.run('CHECKPOINT');
  store.close();

  const again = await openTelemetryStore({ dataDir });
  try {
    const kept = await seqs(again);
    assert.deepEqual(
      kept,
      before.filter(([body]) => !body.startsWith('old')),
    );
    await again.writeLogs(logsAt(NOW_MS, ['e']));
    const [, last] = (await seqs(again)).at(-1) as [string, bigint];
    assert.ok(last > (before.at(-1) as [string, bigint])[1], 'numbered on after a restart');
  } finally {
    again.close();
  }
});

test('a version 3 data directory gets seq for its log records, in their stored order', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'log-seq-v3-'));
  const store = await openTelemetryStore({ dataDir });
  await store.writeLogs(logsAt(NOW_MS, ['a', 'b']));
  store.close();
  // Back to version 3, as a v3 backend left it: logs without seq (nor log sources).
  const instance = await DuckDBInstance.create(join(dataDir, DATABASE_FILE));
  const v3 = await instance.connect();
  await restoreLogSourceCopies(v3);
  await dropHistogramSamples(v3);
  await dropTagHashes(v3);
  await v3.run('ALTER TABLE logs DROP COLUMN detected_level');
  await v3.run('ALTER TABLE logs DROP COLUMN source_id');
  await v3.run('DROP TABLE log_sources');
  await v3.run('ALTER TABLE logs DROP COLUMN seq');
  await v3.run(
    `INSERT INTO logs (time_ns, body) VALUES (${BigInt(NOW_MS) * 1_000_000n}, '{"stringValue":"c"}')`,
  );
  await v3.run('UPDATE schema_info SET version = 3');
  v3.closeSync();
  instance.closeSync();

  const migrated = await openTelemetryStore({ dataDir });
  try {
    const version = await migrated.reader.runAndReadAll(
      'SELECT max(version) AS v FROM schema_info',
    );
    assert.equal(version.getRowObjects()[0]?.v, SCHEMA_VERSION);
    await migrated.writeLogs(logsAt(NOW_MS, ['d']));
    const rows = await seqs(migrated);
    assert.deepEqual(
      rows.map(([body]) => body),
      ['a', 'b', 'c', 'd'],
    );
    assert.ok(increasing(rows.map(([, seq]) => seq)), 'unique and increasing as stored');
  } finally {
    migrated.close();
  }
});
