/**
 * The backend as a process observing itself: /metrics answers in Prometheus's text format, its
 * counters move with what OTLP/HTTP stores and refuses, the backend scrapes itself as job
 * otel-lab, and every query of dashboards/otel-lab-backend.json parses and returns data.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseExpr } from '@otel-lab/promql';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';
import { parseExposition } from './metrics/exposition-parser.js';

const MAIN = join(__dirname, 'main.js');
const DASHBOARD = join(__dirname, '..', '..', '..', 'dashboards', 'otel-lab-backend.json');
const NOW_NS = () => String(BigInt(Date.now()) * 1_000_000n);
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] };
const span = (traceId: string, spanId: string) => ({
  traceId,
  spanId,
  name: 'GET /items',
  kind: 2,
  startTimeUnixNano: NOW_NS(),
  endTimeUnixNano: NOW_NS(),
});
const TRACE = '5b8efff798038103d269b633813fc60c';
const bodies = {
  traces: {
    resourceSpans: [
      {
        resource,
        scopeSpans: [
          // The third has a trace id of the wrong length: rejected in partialSuccess.
          {
            spans: [
              span(TRACE, 'eee19b7ec3c1b174'),
              span(TRACE, 'eee19b7ec3c1b175'),
              span('ab', 'eee19b7ec3c1b176'),
            ],
          },
        ],
      },
    ],
  },
  logs: {
    resourceLogs: [
      {
        resource,
        scopeLogs: [
          {
            logRecords: [1, 2, 3].map((n) => ({
              timeUnixNano: NOW_NS(),
              severityText: 'INFO',
              body: { stringValue: `order ${n}` },
            })),
          },
        ],
      },
    ],
  },
  metrics: {
    resourceMetrics: [
      {
        resource,
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'queue.depth',
                gauge: {
                  dataPoints: ['a', 'b'].map((queue) => ({
                    asInt: '4',
                    timeUnixNano: NOW_NS(),
                    attributes: [{ key: 'queue', value: { stringValue: queue } }],
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  },
};

let backend: BackendProcess;

before(async () => {
  backend = await startBackendProcess(MAIN, [
    '--data-dir',
    mkdtempSync(join(tmpdir(), 'self-metrics-')),
    '--self-scrape-interval',
    '1s',
    // Nothing listens there: the lab's services are not part of this test.
    '--demo-app-url',
    'http://127.0.0.1:9',
    '--payment-url',
    'http://127.0.0.1:9',
  ]);
});

after(async () => {
  await backend?.stop();
});

/** The backend's /metrics now, as name{labels} → value. */
async function selfMetrics(): Promise<Map<string, number>> {
  const text = await (await fetch(`${backend.queryUrl}/metrics`)).text();
  const samples = parseExposition(text, { format: 'prometheus-text' }).samples;
  return new Map(
    samples.map((sample) => {
      const labels: string[] = [];
      for (let i = 0; i < sample.labels.length; i += 2) {
        labels.push(`${sample.labels[i]}="${sample.labels[i + 1]}"`);
      }
      return [`${sample.name}{${labels.join(',')}}`, sample.value];
    }),
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function instant(query: string) {
  const response = await fetch(
    `${backend.queryUrl}/api/v1/query?${new URLSearchParams({ query })}`,
  );
  const body = (await response.json()) as {
    status: string;
    data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  assert.equal(body.status, 'success', `${query}: ${JSON.stringify(body)}`);
  return body.data?.result ?? [];
}

test('/metrics answers in Prometheus text format, with the process and storage figures', async () => {
  const response = await fetch(`${backend.queryUrl}/metrics`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const text = await response.text();
  for (const family of [
    '# TYPE otel_lab_receiver_accepted_spans_total counter',
    '# TYPE otel_lab_http_request_duration_seconds histogram',
    '# TYPE otel_lab_storage_used_bytes gauge',
    '# TYPE process_resident_memory_bytes gauge',
    '# TYPE process_cpu_seconds_total counter',
  ]) {
    assert.ok(text.includes(family), family);
  }
  const head = await fetch(`${backend.queryUrl}/metrics`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('the counters move with what OTLP/HTTP stores and refuses', async () => {
  const before = await selfMetrics();
  const post = (signal: string, body: string) =>
    fetch(`${backend.otlpHttpUrl}/v1/${signal}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
  for (const [signal, body] of Object.entries(bodies)) {
    assert.equal((await post(signal, JSON.stringify(body))).status, 200, signal);
  }
  assert.equal((await post('logs', '{"resourceLogs": [')).status, 400);
  const now = await selfMetrics();
  const moved = (series: string) => (now.get(series) ?? 0) - (before.get(series) ?? 0);
  const rows: [string, number][] = [
    ['otel_lab_receiver_accepted_spans_total{protocol="http/json"}', 2],
    ['otel_lab_receiver_refused_spans_total{protocol="http/json"}', 1],
    ['otel_lab_receiver_accepted_log_records_total{protocol="http/json"}', 3],
    ['otel_lab_receiver_accepted_metric_points_total{protocol="http/json"}', 2],
    ['otel_lab_receiver_accepted_spans_total{protocol="grpc"}', 0],
    [
      'otel_lab_receiver_refused_requests_total{signal="logs",protocol="http/json",reason="malformed"}',
      1,
    ],
  ];
  for (const [series, by] of rows) assert.equal(moved(series), by, series);
});

test('it scrapes itself: up{job="otel-lab"} is 1 through the Prometheus API', async () => {
  const up = await until('up{job="otel-lab"}', async () => {
    const [sample] = await instant('up{job="otel-lab"}');
    return sample;
  });
  assert.equal(up.value[1], '1');
  assert.match(up.metric.instance ?? '', /^127\.0\.0\.1:\d+$/);
  // The next scrape stores what the last one found, and counts the samples it stores.
  const self = await until('otel_lab_scrape_target_up', async () => {
    const [sample] = await instant(
      'otel_lab_scrape_target_up{job="otel-lab", scrape_job="otel-lab"}',
    );
    return sample;
  });
  assert.equal(self.value[1], '1');
  const stored = await selfMetrics();
  assert.ok((stored.get('otel_lab_receiver_accepted_samples_total{protocol="scrape"}') ?? 0) > 0);
});

test('every query of the otel-lab backend dashboard parses and returns data', async () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    uid: string;
    panels: { title: string; targets: { expr: string }[] }[];
  };
  assert.equal(dashboard.uid, 'otel-lab-backend');
  const queries = dashboard.panels.flatMap((panel) =>
    panel.targets.map((target) => ({ panel: panel.title, expr: target.expr })),
  );
  assert.ok(dashboard.panels.length >= 4 && queries.length >= 4);
  for (const query of queries) assert.doesNotThrow(() => parseExpr(query.expr), query.expr);
  // A refusal makes the refused-requests series that the refusals panel draws.
  await fetch(`${backend.otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    body: 'not json',
    headers: { 'content-type': 'application/json' },
  });
  for (const query of queries) {
    await until(`${query.panel}: ${query.expr}`, async () => {
      const result = await instant(query.expr);
      return result.length > 0 ? result : undefined;
    });
  }
});
