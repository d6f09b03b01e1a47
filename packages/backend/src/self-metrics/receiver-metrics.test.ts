import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MetricData } from '@otel-lab/otlp';
import { Registry } from 'prom-client';
import type { SampleBatch } from '../metrics/sample.js';
import type { IngestSink } from '../receive/ingest.js';
import type { LogColumns } from '../storage/log-columns.js';
import type { SpanColumns } from '../storage/span-columns.js';
import { metricValue } from './metric-value.js';
import { createReceiverMetrics, dataPointsOf } from './receiver-metrics.js';

/** A sink that stores nothing, or fails every write. */
function fakeSink(fails = false): IngestSink {
  const write = async () => {
    if (fails) throw new Error('ingest queue full');
  };
  return {
    writeSpanColumns: write,
    writeLogColumns: write,
    writeMetrics: write,
    writeSamples: write,
  };
}

const spans = { count: 3 } as SpanColumns;
const logs = { count: 2 } as LogColumns;
const gauge = (points: number) => ({ type: 'gauge', points: new Array(points).fill({}) });
const metrics = [gauge(2), gauge(3)] as unknown as MetricData[];
const batch = { values: new Float64Array(4) } as SampleBatch;

/** Each write through a counting sink, and the counter it moves by how much. */
const writes: {
  name: string;
  samples: boolean;
  write: (sink: IngestSink) => Promise<void>;
  counter: string;
  by: number;
}[] = [
  {
    name: 'spans',
    samples: false,
    write: (s) => s.writeSpanColumns(spans),
    counter: 'spans',
    by: 3,
  },
  {
    name: 'log records',
    samples: false,
    write: (s) => s.writeLogColumns(logs),
    counter: 'log_records',
    by: 2,
  },
  {
    name: 'metric data points, not metrics',
    samples: false,
    write: (s) => s.writeMetrics(metrics, 0n),
    counter: 'metric_points',
    by: 5,
  },
  {
    name: 'samples',
    samples: true,
    write: (s) => s.writeSamples(batch),
    counter: 'samples',
    by: 4,
  },
];

describe('a counting sink', () => {
  for (const row of writes) {
    test(`${row.name}: accepted once stored, refused when storage fails`, async () => {
      const registry = new Registry();
      const observer = createReceiverMetrics(registry);
      const protocol = row.samples ? 'scrape' : 'http/json';
      await row.write(observer.sink(fakeSink(), protocol, row.samples));
      await assert.rejects(row.write(observer.sink(fakeSink(true), protocol, row.samples)));
      const value = (outcome: string) =>
        metricValue(registry, `otel_lab_receiver_${outcome}_${row.counter}_total`, { protocol });
      assert.equal(await value('accepted'), row.by);
      assert.equal(await value('refused'), row.by);
    });
  }

  test("an OTLP import's samples translate metrics already counted: not counted again", async () => {
    const registry = new Registry();
    const sink = createReceiverMetrics(registry).sink(fakeSink(), 'import');
    await sink.writeSamples(batch);
    const accepted = { protocol: 'import' };
    assert.equal(
      await metricValue(registry, 'otel_lab_receiver_accepted_samples_total', accepted),
      0,
    );
  });
});

test('every protocol an item arrives by has its series from the start, at 0', async () => {
  const registry = new Registry();
  createReceiverMetrics(registry);
  const rows: [string, string][] = [
    ['spans', 'grpc'],
    ['spans', 'http/protobuf'],
    ['log_records', 'http/json'],
    ['metric_points', 'import'],
    ['samples', 'scrape'],
  ];
  for (const [item, protocol] of rows) {
    for (const outcome of ['accepted', 'refused']) {
      const name = `otel_lab_receiver_${outcome}_${item}_total`;
      assert.equal(await metricValue(registry, name, { protocol }), 0, `${name} ${protocol}`);
    }
  }
  assert.equal(
    await metricValue(registry, 'otel_lab_receiver_accepted_samples_total', { protocol: 'grpc' }),
    undefined,
  );
});

test('rejected items count as refused by signal; whole refusals by signal, protocol, reason', async () => {
  const registry = new Registry();
  const observer = createReceiverMetrics(registry);
  observer.rejected('traces', 'grpc', 2);
  observer.rejected('metrics', 'grpc', 0);
  observer.refused('logs', 'http/protobuf', 'malformed');
  observer.refused('logs', 'http/protobuf', 'malformed');
  observer.refused('any', 'import', 'too_large');
  const value = (name: string, labels: Record<string, string>) =>
    metricValue(registry, name, labels);
  assert.equal(await value('otel_lab_receiver_refused_spans_total', { protocol: 'grpc' }), 2);
  assert.equal(
    await value('otel_lab_receiver_refused_metric_points_total', { protocol: 'grpc' }),
    0,
  );
  const refused = 'otel_lab_receiver_refused_requests_total';
  assert.equal(
    await value(refused, { signal: 'logs', protocol: 'http/protobuf', reason: 'malformed' }),
    2,
  );
  assert.equal(await value(refused, { signal: 'any', protocol: 'import', reason: 'too_large' }), 1);
});

test('data points are counted across metrics', () => {
  assert.equal(dataPointsOf(metrics), 5);
  assert.equal(dataPointsOf([]), 0);
});
