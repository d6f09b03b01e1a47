import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SampleBatch } from '../metrics/sample.js';
import { createDecodeWorker, createInProcessDecoder } from './decode-pool.js';
import { DEFAULT_INGEST_LIMITS } from './ingest-limits.js';

const request = Buffer.from(
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                name: 'GET /',
                kind: 2,
                startTimeUnixNano: '1000000000',
                endTimeUnixNano: '1250000000',
              },
            ],
          },
        ],
      },
    ],
  }),
);

const decoders = {
  'in the worker': createDecodeWorker,
  'in process': (options: Parameters<typeof createDecodeWorker>[0]) =>
    createInProcessDecoder(options?.spanMetrics ?? { onSamples: async () => undefined }),
};

for (const [where, create] of Object.entries(decoders)) {
  test(`span metrics ${where}: counted as spans decode, flushed on close`, async () => {
    const batches: SampleBatch[] = [];
    const decoder = create({
      spanMetrics: {
        onSamples: async (batch) => void batches.push(batch),
        flushIntervalMs: 60_000,
      },
    });
    const decoded = await decoder.decode('json', request, DEFAULT_INGEST_LIMITS);
    assert.equal(decoded.columns.count, 1);
    assert.equal(batches.length, 0, 'nothing before the flush interval');
    await decoder.close();
    const calls = batches
      .flatMap((batch) => batch.series.map((s) => [s.labels, batch.values[s.first]] as const))
      .filter(([labels]) => labels.__name__ === 'traces_span_metrics_calls_total');
    assert.deepEqual(
      calls.map(([labels, value]) => [labels.service_name, labels.span_name, value]),
      [['shop', 'GET /', 1]],
    );
  });
}
