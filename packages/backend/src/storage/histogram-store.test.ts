import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FloatHistogram } from '@otel-lab/promql';
import { isStaleAt, sortedLabels } from '../metrics/sample.js';
import { SampleBatchBuilder } from '../metrics/sample-batch-builder.js';
import { createSeriesSource } from '../query/prometheus/series-source.js';
import { openTelemetryStore } from './telemetry-store.js';

const labels = (name: string, extra: Record<string, string> = {}) =>
  sortedLabels(Object.entries({ __name__: name, ...extra }));

const NAME = [{ type: '=' as const, name: '__name__', value: 'latency_seconds' }];

function histogram(count: number): FloatHistogram {
  return {
    counterResetHint: 'unknown',
    schema: 2,
    zeroThreshold: 1e-128,
    zeroCount: 1,
    count,
    sum: count * 0.25,
    positiveSpans: [
      { offset: -3, length: 2 },
      { offset: 4, length: 1 },
    ],
    positiveBuckets: [1, count - 3, 1],
    negativeSpans: [],
    negativeBuckets: [],
  };
}

/** Two histograms and a staleness marker (a float sample, as Prometheus keeps them) per series. */
function histogramBatch(at: number, series = labels('latency_seconds', { job: 'shop' })) {
  const builder = new SampleBatchBuilder();
  builder.addHistogram(series, at, histogram(10), [
    { labels: sortedLabels([['trace_id', 'ab']]), value: 0.3 },
  ]);
  builder.addHistogram(series, at + 15_000, histogram(14));
  builder.addStale(series, at + 30_000);
  builder.addMetadata({ metric: 'latency_seconds', type: 'histogram', help: 'h', unit: 'seconds' });
  return builder.build();
}

test('native histograms round-trip: recent window, disk, a restart; counted in status', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'histograms-'));
  const now = Date.now() - 60_000;
  const store = await openTelemetryStore({ dataDir });
  await store.writeSamples(histogramBatch(now));
  const expect = (
    selected: Awaited<ReturnType<ReturnType<typeof createSeriesSource>['select']>>,
  ) => {
    assert.equal(selected.length, 1, 'one series under the metric name');
    const [series] = selected;
    assert.deepEqual(Array.from(series?.histograms?.timestamps ?? []), [now, now + 15_000]);
    // Stored as received, read back with the hints Prometheus's TSDB gives: the second follows
    // the first without a reset.
    assert.deepEqual(series?.histograms?.values, [
      histogram(10),
      { ...histogram(14), counterResetHint: 'not-reset' },
    ]);
    assert.deepEqual([...(series?.timestamps ?? [])], [now + 30_000]);
    assert.ok(isStaleAt(series?.values as Float64Array, 0), 'the marker is a float sample');
  };
  const recent = createSeriesSource(store.reader, store.metrics.series, {
    recent: store.metrics.recent,
  });
  assert.equal(store.metrics.recent.covers(now), true);
  expect(await recent.select(NAME, now - 1, now + 60_000));
  // Before the recent window: read from histogram_samples.
  expect(await recent.select(NAME, 0, now + 60_000));
  const counts = await store.counts();
  assert.deepEqual(
    { series: counts.series, samples: counts.samples, histograms: counts.histogramSamples },
    { series: 1, samples: 1, histograms: 2 },
  );
  const exemplars = await store.reader.runAndReadAll('SELECT t_ms FROM exemplars');
  assert.deepEqual(exemplars.getRowObjects(), [{ t_ms: BigInt(now) }], 'the point time');
  store.close();

  const again = await openTelemetryStore({ dataDir });
  assert.equal(again.metrics.recent.size, 3, 'the window is loaded back, histograms included');
  const source = createSeriesSource(again.reader, again.metrics.series, {
    recent: again.metrics.recent,
  });
  expect(await source.select(NAME, now - 1, now + 60_000));
  expect(await createSeriesSource(again.reader, again.metrics.series).select(NAME, 0, now + 1e6));
  const disk = await again.reader.runAndReadAll(
    'SELECT avg(octet_length(histogram))::DOUBLE AS bytes FROM histogram_samples',
  );
  assert.ok(Number(disk.getRowObjects()[0]?.bytes) < 40, 'a compact encoding, not JSON text');
  again.close();
});

test('retention drops native histograms and the series they alone kept', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'histograms-retention-'));
  const store = await openTelemetryStore({ dataDir });
  const now = Date.now();
  await store.writeSamples(
    histogramBatch(now - 3_600_000, labels('latency_seconds', { a: 'old' })),
  );
  await store.writeSamples(histogramBatch(now - 20_000, labels('latency_seconds', { a: 'new' })));
  const eviction = await store.evict({ maxAgeMs: 600_000 }, now);
  assert.equal(eviction.deleted.histogram_samples, 2);
  assert.equal(eviction.deleted.series, 1);
  const source = createSeriesSource(store.reader, store.metrics.series, {
    recent: store.metrics.recent,
  });
  const read = await source.select(NAME, 0, now + 60_000);
  assert.deepEqual(
    read.map((s) => [s.labels.find((l) => l.name === 'a')?.value, s.histograms?.values.length]),
    [['new', 2]],
  );
  assert.equal((await store.counts()).histogramSamples, 2);
  store.close();
});

test('the series limit refuses new histogram series, counting their samples', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'histograms-limit-'));
  const store = await openTelemetryStore({ dataDir, maxSeries: 1 });
  const now = Date.now();
  await store.writeSamples(histogramBatch(now, labels('latency_seconds', { a: '1' })));
  await store.writeSamples(histogramBatch(now, labels('latency_seconds', { a: '2' })));
  assert.deepEqual(store.metrics.seriesLimit(), { maxSeries: 1, refusedSamples: 3 });
  assert.equal((await store.counts()).histogramSamples, 2);
  store.close();
});
