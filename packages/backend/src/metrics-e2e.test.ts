/**
 * The backend as a process: it scrapes a local exposition server named in --scrape-config,
 * receives OTLP metrics and spans, and answers the Prometheus API; span metrics are flushed into
 * storage on shutdown.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openTelemetryStore } from './storage/telemetry-store.js';

const MAIN = join(__dirname, 'main.js');
const EXPOSITION = `# HELP lab_orders_total Orders placed.
# TYPE lab_orders_total counter
lab_orders_total{route="/api/orders"} 7
`;

let exporter: Server;
let exporterPort: number;

before(async () => {
  exporter = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(EXPOSITION);
  });
  exporter.listen(0, '127.0.0.1');
  await once(exporter, 'listening');
  exporterPort = (exporter.address() as AddressInfo).port;
});

after(() => exporter.close());

function start(args: string[]) {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => output };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const anyPorts = ['--otlp-http-port', '0', '--http-port', '0', '--otlp-grpc-port', '0'];

const otlpMetrics = {
  resourceMetrics: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
      scopeMetrics: [
        {
          metrics: [
            {
              name: 'orders.placed',
              sum: {
                aggregationTemporality: 2,
                isMonotonic: true,
                dataPoints: [{ asInt: '3', timeUnixNano: String(BigInt(Date.now()) * 1_000_000n) }],
              },
            },
          ],
        },
      ],
    },
  ],
};

const otlpSpans = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'POST /api/orders',
              kind: 2,
              startTimeUnixNano: String((BigInt(Date.now()) - 5n) * 1_000_000n),
              endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
            },
          ],
        },
      ],
    },
  ],
};

type Api<T> = { status: string; data: T };

test('scraped, OTLP and span-derived series reach the Prometheus API and storage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-e2e-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: shop
    static_configs:
      - targets: ['127.0.0.1:${exporterPort}']
        labels: { env: test }
`,
  );
  const dataDir = join(dir, 'data');
  const backend = start(['--data-dir', dataDir, ...anyPorts, '--scrape-config', config]);
  try {
    const [queryPort, otlpPort] = await waitFor('the listening ports', async () => {
      const query = /query API on http:\/\/[^:]+:(\d+)/.exec(backend.output())?.[1];
      const otlp = /OTLP\/HTTP receiving on http:\/\/[^:]+:(\d+)/.exec(backend.output())?.[1];
      return query && otlp ? [query, otlp] : undefined;
    });
    const api = async <T>(path: string) =>
      (await (await fetch(`http://127.0.0.1:${queryPort}${path}`)).json()) as Api<T>;

    const scraped = await waitFor('the scraped series', async () => {
      const body = await api<Record<string, string>[]>('/api/v1/series?match[]=lab_orders_total');
      return body.data.length > 0 ? body.data : undefined;
    });
    assert.deepEqual(scraped, [
      {
        __name__: 'lab_orders_total',
        env: 'test',
        instance: `127.0.0.1:${exporterPort}`,
        job: 'shop',
        route: '/api/orders',
      },
    ]);
    const up = await api<unknown[]>(
      `/api/v1/series?match[]=${encodeURIComponent('up{job="shop"}')}`,
    );
    assert.equal(up.data.length, 1, 'the synthetic up series');
    const labels = await api<string[]>('/api/v1/labels');
    for (const name of ['__name__', 'env', 'instance', 'job', 'route']) {
      assert.ok(labels.data.includes(name), `${name} in ${labels.data}`);
    }
    const metadata = await api<Record<string, { type: string }[]>>('/api/v1/metadata');
    assert.equal(metadata.data.lab_orders_total?.[0]?.type, 'counter');
    const targets = await api<{ activeTargets: { health: string; scrapePool: string }[] }>(
      '/api/v1/targets',
    );
    // The file's job, then the backend's scrape of itself (not yet done, or done).
    assert.deepEqual(
      targets.data.activeTargets.map((t) => [t.scrapePool, t.scrapePool === 'shop' && t.health]),
      [
        ['shop', 'up'],
        ['otel-lab', false],
      ],
    );

    const post = (path: string, body: unknown) =>
      fetch(`http://127.0.0.1:${otlpPort}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    assert.equal((await post('/v1/metrics', otlpMetrics)).status, 200);
    const translated = await api<Record<string, string>[]>(
      `/api/v1/series?match[]=${encodeURIComponent('{job="checkout"}')}`,
    );
    assert.deepEqual(translated.data, [{ __name__: 'orders_placed_total', job: 'checkout' }]);
    assert.equal((await post('/v1/traces', otlpSpans)).status, 200);
  } finally {
    backend.child.kill('SIGTERM');
  }
  assert.equal(await backend.exited, 0, backend.output());

  // The span metrics' last flush happened on shutdown, before storage closed.
  const store = await openTelemetryStore({ dataDir });
  try {
    const names = new Set([...store.metrics.series.all()].map((s) => s.labels.__name__));
    assert.ok(names.has('traces_span_metrics_calls_total'), [...names].join(', '));
  } finally {
    store.close();
  }
});

test('a bad --scrape-config is named with every problem, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-e2e-bad-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'scrape_configs:\n  - job_name: a\n    scrape_interval: soon\n');
  const backend = start(['--data-dir', join(dir, 'data'), ...anyPorts, '--scrape-config', config]);
  assert.equal(await backend.exited, 1);
  assert.match(
    backend.output(),
    /--scrape-config .*prometheus\.yml is not a usable prometheus\.yml/,
  );
  assert.match(backend.output(), /scrape_interval/);
  assert.doesNotMatch(backend.output(), /at .*\.js:\d+/, 'no stack trace');
});
