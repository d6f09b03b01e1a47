import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';

// PromQL does not hold up ingest: the backend as a process, a query that evaluates for hours
// (it sorts a day of points at each of 10,000 steps and never checks its deadline), and an OTLP
// batch posted meanwhile.
const MAIN = join(__dirname, 'main.js');
const HUNG = new URLSearchParams({
  query: 'quantile_over_time(0.5, vector(1)[1d:1s])',
  start: '0',
  end: '10000',
  step: '1',
});

const span = (traceId: string) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'isolation' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: '00f067aa0ba902b7',
                name: 'GET /while-a-query-runs',
                kind: 2,
                startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                endTimeUnixNano: String(BigInt(Date.now() + 5) * 1_000_000n),
              },
            ],
          },
        ],
      },
    ],
  });

test('an OTLP batch is acknowledged while a long query runs; the query times out, the backend goes on', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'query-isolation-'));
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  let backend: BackendProcess | undefined;
  try {
    backend = await startBackendProcess(MAIN, [
      ...['--data-dir', join(dir, 'data'), '--scrape-config', join(dir, 'no-scrapes.yml')],
      ...['--query-timeout', '3s'],
    ]);
    const { queryUrl, otlpHttpUrl } = backend;
    const events: string[] = [];
    const query = fetch(`${queryUrl}/api/v1/query_range?${HUNG}`).then(async (response) => {
      events.push('query answered');
      return { status: response.status, body: await response.json() };
    });
    // Give the worker time to be well into the evaluation.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const ack = await fetch(`${otlpHttpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: span(traceId),
    });
    events.push('batch acknowledged');
    assert.equal(ack.status, 200);
    assert.equal((await fetch(`${queryUrl}/api/traces/${traceId}`)).status, 200);
    assert.deepEqual(await query, {
      status: 503,
      body: {
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out in expression evaluation',
      },
    });
    assert.deepEqual(events, ['batch acknowledged', 'query answered']);
    const ready = await fetch(`${queryUrl}/-/ready`);
    assert.equal(ready.status, 200);
    const next = await fetch(`${queryUrl}/api/v1/query?query=vector(1)&time=10`);
    assert.deepEqual(await next.json(), {
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [10, '1'] }] },
    });
  } finally {
    await backend?.stop();
  }
});
