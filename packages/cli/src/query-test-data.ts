/**
 * OTLP/JSON telemetry for query.test.ts and mcp.test.ts: one order trace across demo-app and
 * payment-service whose charge failed and whose span name and log line carry a terminal escape
 * sequence, a log line, and a counter; and the backend as a process, loaded with them.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BackendProcess, postJson, startBackendProcess } from '@otel-lab/testkit';

const BACKEND_MAIN = join(__dirname, '..', '..', 'backend', 'dist', 'main.js');
export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const ESCAPED = 'charge \u001b[2J\u001b]0;pwned\u0007';

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
const at = (nowMs: number, offsetMs: number) => String(BigInt(nowMs + offsetMs) * 1_000_000n);

export function spans(nowMs: number) {
  const span = (
    spanId: string,
    parentSpanId: string,
    name: string,
    from: number,
    to: number,
    error = false,
  ) => ({
    traceId: TRACE_ID,
    spanId,
    parentSpanId,
    name,
    kind: 2,
    startTimeUnixNano: at(nowMs, from),
    endTimeUnixNano: at(nowMs, to),
    status: error ? { code: 2, message: 'card declined' } : {},
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'demo-app')] },
        scopeSpans: [
          {
            spans: [
              span('aaaaaaaaaaaaaaa1', '', 'POST /api/orders', -1000, -200),
              span('aaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaa1', 'process_order', -900, -300),
            ],
          },
        ],
      },
      {
        resource: { attributes: [attr('service.name', 'payment-service')] },
        scopeSpans: [
          { spans: [span('aaaaaaaaaaaaaaa3', 'aaaaaaaaaaaaaaa2', ESCAPED, -800, -400, true)] },
        ],
      },
    ],
  };
}

export function logs(nowMs: number) {
  const record = (offsetMs: number, body: string) => ({
    timeUnixNano: at(nowMs, offsetMs),
    severityNumber: 9,
    severityText: 'INFO',
    body: { stringValue: body },
    traceId: TRACE_ID,
  });
  return {
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', 'demo-app')] },
        scopeLogs: [
          {
            scope: { name: 'pino' },
            logRecords: [
              record(-900, 'order received'),
              record(-500, `order failed ${ESCAPED}`),
              record(-400, 'health ok'),
            ],
          },
        ],
      },
    ],
  };
}

export function metrics(nowMs: number) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [attr('service.name', 'demo-app')] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'orders.placed',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [{ asInt: '3', timeUnixNano: at(nowMs, -1000) }],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

/** The embedded backend as a process in `dir`, scraping nothing, holding the telemetry above. */
export async function startLoadedBackend(dir: string): Promise<BackendProcess> {
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  const backend = await startBackendProcess(BACKEND_MAIN, [
    ...['--data-dir', join(dir, 'data'), '--scrape-config', join(dir, 'no-scrapes.yml')],
    ...['--self-scrape-interval', '0'],
  ]);
  const now = Date.now();
  for (const [path, body] of [
    ['/v1/traces', spans(now)],
    ['/v1/logs', logs(now)],
    ['/v1/metrics', metrics(now)],
  ] as const)
    assert.equal((await postJson(backend.otlpHttpUrl, path, body)).status, 200, path);
  return backend;
}
