import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTelemetryStore } from './storage/telemetry-store.js';

const MAIN = join(__dirname, 'main.js');

/** A batch of `size` spans of one trace whose id encodes the batch number. */
function batch(number: number, size: number): string {
  const traceId = number.toString(16).padStart(32, '0');
  const spans = Array.from({ length: size }, (_, i) => ({
    traceId,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: `span-${i}`,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000100000000',
    attributes: [{ key: 'payload', value: { stringValue: 'x'.repeat(200) } }],
  }));
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'durability' } }] },
        scopeSpans: [{ spans }],
      },
    ],
  });
}

async function startBackend(dataDir: string) {
  const child = spawn(
    process.execPath,
    [
      MAIN,
      '--data-dir',
      dataDir,
      '--otlp-http-port',
      '0',
      '--http-port',
      '0',
      '--otlp-grpc-port',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const port = /OTLP\/HTTP receiving on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
    if (port) return { child, url: `http://127.0.0.1:${port}` };
    assert.ok(
      Date.now() < deadline && child.exitCode === null,
      `backend did not start:\n${output}`,
    );
    await sleep(50);
  }
}

test('every batch acknowledged with 200 survives kill -9 of the backend', {
  timeout: 60_000,
}, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'durability-'));
  for (let round = 0; round < 3; round += 1) {
    const { child, url } = await startBackend(dataDir);
    const acknowledged: number[] = [];
    const exited = once(child, 'exit');
    // Two senders keep requests in flight; the kill lands in the middle of the stream.
    const send = async (lane: number) => {
      for (let i = 0; i < 1000; i += 1) {
        const number = round * 100_000 + lane * 10_000 + i + 1;
        try {
          const response = await fetch(`${url}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: batch(number, 50),
          });
          if (response.status === 200) acknowledged.push(number);
        } catch {
          return; // the backend is gone
        }
      }
    };
    const senders = [send(0), send(1)];
    // The kill lands once some batches are in (more each round), however loaded the machine is.
    const deadline = Date.now() + 20_000;
    while (acknowledged.length < 5 + round * 10 && Date.now() < deadline) await sleep(20);
    child.kill('SIGKILL');
    await exited;
    await Promise.all(senders);
    assert.ok(acknowledged.length > 0, 'some batches were acknowledged before the kill');

    const store = await openTelemetryStore({ dataDir });
    try {
      const rows = (
        await store.reader.runAndReadAll(
          'SELECT trace_id::VARCHAR AS id, count(*)::INTEGER AS spans FROM spans GROUP BY trace_id',
        )
      ).getRowObjects();
      const stored = new Map(rows.map((row) => [BigInt(String(row.id)), Number(row.spans)]));
      const missing = acknowledged.filter((number) => stored.get(BigInt(number)) !== 50);
      assert.deepEqual(missing, [], `round ${round}: acknowledged batches lost or partial`);
      const partial = [...stored.values()].filter((count) => count !== 50);
      assert.deepEqual(partial, [], 'no batch is stored in part');
    } finally {
      store.close();
    }
  }
});

/** An OTLP gauge whose 20 points form series of their own, labelled with the batch number. */
/** 20 gauge points and one exponential histogram point (a native histogram), tagged `batch`. */
function metricsBatch(number: number): string {
  const timeUnixNano = String(BigInt(Date.now()) * 1_000_000n);
  const latency = {
    name: 'durability.latency',
    exponentialHistogram: {
      aggregationTemporality: 2,
      dataPoints: [
        {
          timeUnixNano,
          attributes: [{ key: 'batch', value: { intValue: String(number) } }],
          count: '6',
          sum: 1.5,
          scale: 2,
          positive: { offset: -4, bucketCounts: ['1', '2', '3'] },
        },
      ],
    },
  };
  const dataPoints = Array.from({ length: 20 }, (_, i) => ({
    asDouble: i,
    timeUnixNano,
    attributes: [
      { key: 'batch', value: { intValue: String(number) } },
      { key: 'point', value: { intValue: String(i) } },
    ],
  }));
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'durability' } }] },
        scopeMetrics: [{ metrics: [{ name: 'durability.gauge', gauge: { dataPoints } }, latency] }],
      },
    ],
  });
}

test('every metrics batch acknowledged with 200 keeps its series and samples after kill -9', {
  timeout: 60_000,
}, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'durability-metrics-'));
  const { child, url } = await startBackend(dataDir);
  const acknowledged: number[] = [];
  const exited = once(child, 'exit');
  const send = async (lane: number) => {
    for (let i = 0; i < 2000; i += 1) {
      const number = lane * 10_000 + i + 1;
      try {
        const response = await fetch(`${url}/v1/metrics`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: metricsBatch(number),
        });
        if (response.status === 200) acknowledged.push(number);
      } catch {
        return; // the backend is gone
      }
    }
  };
  const senders = [send(0), send(1)];
  const deadline = Date.now() + 20_000;
  while (acknowledged.length < 20 && Date.now() < deadline) await sleep(20);
  child.kill('SIGKILL');
  await exited;
  await Promise.all(senders);
  assert.ok(acknowledged.length > 0, 'some batches were acknowledged before the kill');
  t.diagnostic(`${acknowledged.length} metrics batches acknowledged before the kill`);

  const store = await openTelemetryStore({ dataDir });
  try {
    const perBatch = new Map<number, number>();
    const histogramSeries = new Set<number>();
    for (const series of store.metrics.series.all()) {
      const batch = Number(series.labels.batch);
      if (series.labels.__name__ === 'durability_gauge') {
        perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
      }
      if (series.labels.__name__ === 'durability_latency' && series.histograms) {
        histogramSeries.add(batch);
      }
    }
    const missing = acknowledged.filter(
      (number) => perBatch.get(number) !== 20 || !histogramSeries.has(number),
    );
    assert.deepEqual(missing, [], 'acknowledged batches lost or partial');
    const { series, samples, histogramSamples } = await store.counts();
    assert.ok(samples >= acknowledged.length * 20 && series >= acknowledged.length * 21);
    assert.ok(histogramSamples >= acknowledged.length);
  } finally {
    store.close();
  }
});
