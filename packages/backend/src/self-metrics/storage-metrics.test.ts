import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { metricValue } from './metric-value.js';
import { registerStorageMetrics, type StorageSource } from './storage-metrics.js';

function source(fail: () => boolean) {
  const reads = { used: 0, memory: 0 };
  const store: StorageSource = {
    diskBytes: () => 4096,
    async usedBytes() {
      reads.used += 1;
      if (fail()) throw new Error('database closed');
      return 1000 * reads.used;
    },
    async memory() {
      reads.memory += 1;
      return { usedBytes: 2048, limitBytes: 8192 };
    },
    queued: 3,
    metrics: { seriesLimit: () => ({ maxSeries: 10, refusedSamples: 7 }) },
  };
  return { store, reads };
}

test('/metrics asked in a loop reads the database once a second at most', async () => {
  const { store, reads } = source(() => false);
  const registry = new Registry();
  registerStorageMetrics(registry, {
    source: store,
    maxDiskBytes: 1e6,
    onError: (error) => assert.fail(String(error)),
  });
  for (let i = 0; i < 20; i += 1) await registry.metrics();
  assert.deepEqual(reads, { used: 1, memory: 1 });
  const rows: [string, number][] = [
    ['otel_lab_storage_file_bytes', 4096],
    ['otel_lab_storage_used_bytes', 1000],
    ['otel_lab_storage_max_bytes', 1e6],
    ['otel_lab_storage_memory_bytes', 2048],
    ['otel_lab_storage_memory_limit_bytes', 8192],
    ['otel_lab_storage_write_queue_batches', 3],
    ['otel_lab_storage_refused_samples_total', 7],
  ];
  for (const [name, value] of rows) assert.equal(await metricValue(registry, name), value, name);
});

test('a failed read is reported and the last figures stay', async () => {
  let failing = false;
  const { store } = source(() => failing);
  const errors: unknown[] = [];
  const registry = new Registry();
  registerStorageMetrics(registry, {
    source: store,
    maxDiskBytes: 1e6,
    onError: (error) => errors.push(error),
    ingestMemory: { limitBytes: 100, heldBytes: 40, refusedRequests: 2 },
  });
  assert.equal(await metricValue(registry, 'otel_lab_storage_used_bytes'), 1000);
  failing = true;
  await new Promise((resolve) => setTimeout(resolve, 1050));
  assert.match(await registry.metrics(), /otel_lab_storage_used_bytes 1000\n/);
  assert.equal(errors.length, 1);
  assert.equal(await metricValue(registry, 'otel_lab_ingest_memory_held_bytes'), 40);
  assert.equal(await metricValue(registry, 'otel_lab_ingest_memory_refused_requests_total'), 2);
});
