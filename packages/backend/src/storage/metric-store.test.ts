import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { isStaleAt, sortedLabels } from '../metrics/sample.js';
import { SampleBatchBuilder } from '../metrics/sample-batch-builder.js';
import { createSeriesSource } from '../query/prometheus/series-source.js';
import {
  dropHistogramSamples,
  dropTagHashes,
  restoreLogSourceCopies,
} from './older-schemas.test-support.js';
import { SCHEMA_VERSION } from './schema.js';
import { DATABASE_FILE, openTelemetryStore } from './telemetry-store.js';

const labels = (name: string, extra: Record<string, string> = {}) =>
  sortedLabels(Object.entries({ __name__: name, ...extra }));

test('samples round-trip through a checkpoint and a reopen, the StaleNaN bits intact', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-'));
  const store = await openTelemetryStore({ dataDir });
  const up = labels('up', { job: 'shop' });
  const builder = new SampleBatchBuilder();
  builder.add(up, 1000, 1);
  builder.add(up, 2000, Number.NaN);
  builder.addStale(up, 3000);
  builder.add(up, -5, 0.5); // before 1970, and written out of order
  builder.addMetadata({ metric: 'up', type: 'gauge', help: 'first', unit: '' });
  await store.writeSamples(builder.build());
  await store.reader.run('CHECKPOINT');
  store.close();

  const again = await openTelemetryStore({ dataDir });
  const counts = await again.counts();
  assert.equal(counts.series, 1, 'one label set, one series');
  assert.equal(counts.samples, 4);
  const source = createSeriesSource(again.reader, again.metrics.series);
  const [series] = await source.select([{ type: '=', name: '__name__', value: 'up' }], -10, 5000);
  assert.ok(series);
  assert.deepEqual(series.labels, [
    { name: '__name__', value: 'up' },
    { name: 'job', value: 'shop' },
  ]);
  assert.deepEqual([...series.timestamps], [-5, 1000, 2000, 3000]);
  assert.equal(series.values[1], 1);
  assert.ok(Number.isNaN(series.values[2]) && !isStaleAt(series.values, 2), 'a NaN stays a NaN');
  assert.ok(isStaleAt(series.values, 3), 'the staleness marker keeps its bit pattern');
  assert.equal(new DataView(series.values.buffer).getBigUint64(3 * 8, true), 0x7ff0000000000002n);

  // The same label set (a new object) reuses its id; metadata: the latest wins.
  const next = new SampleBatchBuilder();
  next.add(labels('up', { job: 'shop' }), 4000, 1);
  next.add(labels('up', { job: 'pay' }), 4000, 0);
  next.addMetadata({ metric: 'up', type: 'gauge', help: 'second', unit: '' });
  await again.writeSamples(next.build());
  assert.equal(again.metrics.series.size, 2);
  assert.equal(again.metrics.metadata.get('up')?.help, 'second');
  again.close();
});

test('exemplars are stored with their series; retention drops old samples and their series', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-retention-'));
  const first = await openTelemetryStore({ dataDir });
  const now = Date.now();
  const builder = new SampleBatchBuilder();
  builder.add(labels('old_total'), now - 3_600_000, 1);
  builder.add(labels('calls_total'), now - 3_600_000, 1, [
    { labels: sortedLabels([['trace_id', 'ab']]), value: 0.2 },
  ]);
  builder.add(labels('calls_total'), now, 2);
  await first.writeSamples(builder.build());
  first.close();
  // Reopened: each series' latest time is read back for retention.
  const store = await openTelemetryStore({ dataDir });
  const exemplars = await store.reader.runAndReadAll(
    'SELECT t_ms, value, labels::VARCHAR AS labels FROM exemplars',
  );
  assert.deepEqual(exemplars.getRowObjects(), [
    { t_ms: BigInt(now - 3_600_000), value: 0.2, labels: '{"trace_id":"ab"}' },
  ]);

  const eviction = await store.evict({ maxAgeMs: 60_000 }, now);
  assert.equal(eviction.deleted.samples, 2);
  assert.equal(eviction.deleted.exemplars, 1);
  assert.equal(eviction.deleted.series, 1, 'old_total has no sample left');
  assert.deepEqual(
    [...store.metrics.series.all()].map((s) => s.labels.__name__),
    ['calls_total'],
  );
  const { series, samples } = await store.counts();
  assert.deepEqual({ series, samples }, { series: 1, samples: 1 });
  store.close();
});

test('a bad batch is refused without storing anything; the next one gets the freed ids', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-bad-'));
  const store = await openTelemetryStore({ dataDir });
  const bad = new SampleBatchBuilder();
  bad.add(labels('a'), 1.5, 1);
  await assert.rejects(store.writeSamples(bad.build()), /not whole milliseconds/);
  const good = new SampleBatchBuilder();
  good.add(labels('b'), 1, 1);
  await store.writeSamples(good.build());
  const rows = await store.reader.runAndReadAll('SELECT id, metric FROM series');
  assert.deepEqual(rows.getRowObjects(), [{ id: 1, metric: 'b' }]);
  store.close();
});

test('a version 2 data directory is migrated to the current version, its spans kept', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-v2-'));
  (await openTelemetryStore({ dataDir })).close();
  // Back to version 2: without the metric tables, as a v2 backend left it.
  const instance = await DuckDBInstance.create(join(dataDir, DATABASE_FILE));
  const v2 = await instance.connect();
  await dropHistogramSamples(v2);
  await dropTagHashes(v2);
  for (const table of ['series', 'samples', 'exemplars', 'metric_metadata']) {
    await v2.run(`DROP TABLE ${table}`);
  }
  await restoreLogSourceCopies(v2);
  await v2.run('ALTER TABLE logs DROP COLUMN detected_level');
  await v2.run('ALTER TABLE logs DROP COLUMN source_id');
  await v2.run('DROP TABLE log_sources');
  await v2.run('ALTER TABLE logs DROP COLUMN seq');
  await v2.run('UPDATE schema_info SET version = 2');
  await v2.run(`INSERT INTO spans (trace_id, span_id, name, start_ns) VALUES (1, 1, 'op', 5)`);
  v2.closeSync();
  instance.closeSync();

  const store = await openTelemetryStore({ dataDir });
  const version = await store.reader.runAndReadAll('SELECT max(version) AS v FROM schema_info');
  assert.equal(version.getRowObjects()[0]?.v, SCHEMA_VERSION);
  assert.equal(SCHEMA_VERSION, 9);
  assert.equal((await store.counts()).spans, 1);
  const builder = new SampleBatchBuilder();
  builder.add(labels('up'), 1, 1);
  await store.writeSamples(builder.build());
  assert.equal((await store.counts()).samples, 1);
  store.close();
});

test('staleness markers survive DuckDB compressing a large column', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-compressed-'));
  const store = await openTelemetryStore({ dataDir });
  const builder = new SampleBatchBuilder(200_000);
  const series = labels('gauge');
  for (let i = 0; i < 200_000; i++) {
    if (i % 7 === 3) builder.addStale(series, i * 1000);
    else builder.add(series, i * 1000, i % 11 === 0 ? Number.NaN : (i % 100) * 0.5);
  }
  await store.writeSamples(builder.build());
  await store.reader.run('CHECKPOINT');
  store.close();
  const again = await openTelemetryStore({ dataDir });
  const source = createSeriesSource(again.reader, again.metrics.series);
  const [read] = await source.select([{ type: '=', name: '__name__', value: 'gauge' }], 0, 1e12);
  assert.equal(read?.values.length, 200_000);
  let wrong = 0;
  for (let i = 0; i < 200_000; i++) {
    const stale = isStaleAt(read?.values as Float64Array, i);
    const value = read?.values[i] as number;
    const expected = i % 7 === 3 ? 'stale' : i % 11 === 0 ? 'nan' : (i % 100) * 0.5;
    const got = stale ? 'stale' : Number.isNaN(value) ? 'nan' : value;
    if (got !== expected) wrong++;
  }
  assert.equal(wrong, 0);
  again.close();
});

test('new series past the limit are refused with their samples; known series still store', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-limit-'));
  const store = await openTelemetryStore({ dataDir, maxSeries: 2 });
  const first = new SampleBatchBuilder();
  first.add(labels('a'), 1, 1);
  await store.writeSamples(first.build());
  const next = new SampleBatchBuilder();
  next.add(labels('b'), 2, 2);
  next.add(labels('c'), 2, 3); // the third series: refused
  next.addStale(labels('a'), 2);
  next.add(labels('c'), 3, 4);
  await store.writeSamples(next.build());
  assert.deepEqual(store.metrics.seriesLimit(), { maxSeries: 2, refusedSamples: 2 });
  const source = createSeriesSource(store.reader, store.metrics.series);
  const read = await source.select([{ type: '=~', name: '__name__', value: '.+' }], 0, 10);
  assert.deepEqual(
    read.map((s) => [s.labels[0]?.value, [...s.timestamps]]),
    [
      ['a', [1, 2]],
      ['b', [2]],
    ],
  );
  assert.ok(isStaleAt(read[0]?.values as Float64Array, 1), 'the marker moved with its series');
  const rows = await store.reader.runAndReadAll('SELECT id FROM series ORDER BY id');
  assert.deepEqual(rows.getRowObjects(), [{ id: 1 }, { id: 2 }], 'no id was used up');
  store.close();
});
