import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';

// The Loki API as Grafana meets it: the backend as a process, OTLP logs posted to its OTLP port,
// read back through the query port (Host check and error boundary included).
const MAIN = join(__dirname, 'main.js');

const logs = (nowNs: bigint) =>
  JSON.stringify({
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'payment-service' } },
            { key: 'service.namespace', value: { stringValue: 'shop' } },
          ],
        },
        scopeLogs: [
          {
            scope: { name: 'pino' },
            logRecords: [
              {
                timeUnixNano: String(nowNs - 2_000_000_000n),
                severityNumber: 17,
                severityText: 'ERROR',
                body: { stringValue: 'card declined' },
                traceId: '5B8EFFF798038103D269B633813FC60C',
              },
              {
                timeUnixNano: String(nowNs - 1_000_000_000n),
                severityNumber: 9,
                severityText: 'INFO',
                body: { stringValue: 'charge approved' },
              },
            ],
          },
        ],
      },
    ],
  });

test('OTLP logs in, Loki API out, through the running backend', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loki-e2e-'));
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  let backend: BackendProcess | undefined;
  try {
    backend = await startBackendProcess(MAIN, [
      ...['--data-dir', join(dir, 'data'), '--scrape-config', join(dir, 'no-scrapes.yml')],
    ]);
    const { queryUrl, otlpHttpUrl } = backend;
    const posted = await fetch(`${otlpHttpUrl}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: logs(BigInt(Date.now()) * 1_000_000n),
    });
    assert.equal(posted.status, 200);

    const labels = await fetch(`${queryUrl}/loki/api/v1/labels`);
    assert.deepEqual(await labels.json(), {
      status: 'success',
      data: ['service_name', 'service_namespace'],
    });

    const query = new URLSearchParams({ query: '{service_name="payment-service"} |= "card"' });
    const range = await fetch(`${queryUrl}/loki/api/v1/query_range?${query}`, {
      headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
    });
    const body = (await range.json()) as {
      data: {
        result: { stream: unknown; values: [string, string, { structuredMetadata: object }][] }[];
      };
    };
    assert.deepEqual(body.data.result[0]?.stream, {
      service_name: 'payment-service',
      service_namespace: 'shop',
    });
    assert.deepEqual(
      body.data.result[0]?.values.map((v) => [v[1], v[2].structuredMetadata]),
      [
        [
          'card declined',
          {
            detected_level: 'error',
            scope_name: 'pino',
            severity_number: '17',
            severity_text: 'ERROR',
            trace_id: '5b8efff798038103d269b633813fc60c',
          },
        ],
      ],
    );

    const bad = await fetch(`${queryUrl}/loki/api/v1/query_range?query=${encodeURIComponent('{')}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(await bad.text(), /^parse error at line 1, col 2: syntax error/);

    const ready = await fetch(`${queryUrl}/ready`);
    assert.equal(await ready.text(), 'ready\n');
  } finally {
    await backend?.stop();
  }
});
