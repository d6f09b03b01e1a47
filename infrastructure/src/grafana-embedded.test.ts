// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Grafana's ${…} variables are literal text here.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseBackendArgs } from '@otel-lab/backend';
import { parseExpr } from '@otel-lab/promql';
import {
  type BackendProcess,
  call,
  postJson,
  skipWithout,
  startBackendProcess,
} from '@otel-lab/testkit';
import { parse as parseIni } from 'ini';
import { composeConfig, DOCKER_COMPOSE } from './compose-config.js';
import {
  expandProvisioned,
  GRAFANA_SETUPS,
  type GrafanaSetup,
  grafanaService,
  mountedAt,
  provisionedDatasources,
} from './grafana-provisioning.js';
import type { JaegerJsonTrace } from './grafana-trace-to-logs.js';
import { spanLinkLogLines } from './span-logs-lookup.test-support.js';
import {
  asArray,
  asRecord,
  DASHBOARD_FILE,
  EMBEDDED_COMPOSE_FILE,
  EMBEDDED_DASHBOARD_PROVIDERS_FILE,
  EMBEDDED_GRAFANA_DIR,
  EMBEDDED_GRAFANA_INI,
  ROOT,
  readYaml,
} from './stack-files.js';

const [realStack, embedded] = GRAFANA_SETUPS as [GrafanaSetup, GrafanaSetup];
const datasources = provisionedDatasources(embedded);
const grafana = grafanaService(embedded);
const ini = parseIni(readFileSync(EMBEDDED_GRAFANA_INI, 'utf8'));
const defaults = parseBackendArgs([], {});
if (!('config' in defaults)) throw new Error('the backend has no default configuration');

describe('the Grafana beside npm start', () => {
  test("every data source is the backend's query port at its defaults, on loopback", () => {
    assert.equal(defaults.config.bind, '127.0.0.1');
    for (const source of datasources) {
      assert.equal(source.url, `http://localhost:${defaults.config.httpPort}`, String(source.name));
    }
  });

  test('runs the same Grafana as the real stack, on the host network', () => {
    assert.equal(grafana.raw.image, grafanaService(realStack).raw.image);
    assert.equal(grafana.raw.network_mode, 'host');
  });

  test('the container reads this folder: grafana.ini and the provisioning', () => {
    assert.equal(
      mountedAt(embedded, grafana.raw, '/etc/grafana/grafana.ini'),
      EMBEDDED_GRAFANA_INI,
    );
    assert.equal(
      mountedAt(embedded, grafana.raw, '/etc/grafana/provisioning'),
      join(EMBEDDED_GRAFANA_DIR, 'provisioning'),
    );
  });

  test('a native Grafana started from the repository root reads the same files', () => {
    // grafana.ini's [paths] and the dashboard provider expand OTEL_LAB_ROOT="$PWD".
    const env = { OTEL_LAB_ROOT: ROOT };
    const paths = asRecord(ini.paths);
    assert.equal(
      expandProvisioned(String(paths.provisioning), env),
      join(EMBEDDED_GRAFANA_DIR, 'provisioning'),
    );
    for (const key of ['data', 'logs', 'plugins']) {
      // Under data/, which git ignores, as the backend's own data directory.
      assert.ok(expandProvisioned(String(paths[key]), env).startsWith(join(ROOT, 'data')), key);
    }
    const provider = asRecord(asArray(readYaml(EMBEDDED_DASHBOARD_PROVIDERS_FILE).providers)[0]);
    assert.equal(
      expandProvisioned(String(asRecord(provider.options).path), env),
      dirname(DASHBOARD_FILE),
    );
  });

  test('Grafana listens on loopback and redirects any other Host to localhost', () => {
    // enforce_domain: a DNS-rebinding page cannot use Grafana to read the backend.
    assert.deepEqual(
      { ...asRecord(ini.server) },
      {
        http_addr: '127.0.0.1',
        http_port: '3000',
        domain: 'localhost',
        enforce_domain: true,
      },
    );
  });

  test("the README's docker run does what compose.yml does", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const command = /```sh\n(docker run [^`]*)```/.exec(readme)?.[1] ?? '';
    assert.match(command, /--network host/);
    assert.ok(command.trim().endsWith(String(grafana.raw.image)), command);
    const mounts = [...command.matchAll(/-v "\$PWD\/([^:"]+):([^:"]+)(?::ro)?"/g)].map(
      ([, source = '', target = '']) => [join(ROOT, source), target],
    );
    const bindMounts = asArray(grafana.raw.volumes)
      .map((entry) => String(entry).split(':'))
      .filter(([source]) => source?.startsWith('.'))
      .map(([source = '', target = '']) => [join(EMBEDDED_GRAFANA_DIR, source), target]);
    assert.deepEqual(mounts.sort(), bindMounts.sort());
    const env = [...command.matchAll(/-e (\w+)=(\S+)/g)].map(([, key, value]) => [key, value]);
    assert.deepEqual(Object.fromEntries(env), grafana.environment);
  });

  test('docker-compose config accepts compose.yml', {
    skip: skipWithout(DOCKER_COMPOSE, 'apt-get install docker-compose'),
  }, async () => {
    const result = await composeConfig(EMBEDDED_COMPOSE_FILE, EMBEDDED_GRAFANA_DIR);
    assert.ok(result.ok, result.output);
  });
});

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
/** demo-app's resource as its SDK sends it: service.name and the attributes Jaeger keeps. */
const RESOURCE = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'demo-app' } },
    { key: 'service.instance.id', value: { stringValue: '0f4c6b0e-7f1c-4d55-9a57-2b1e6f3a9c11' } },
    { key: 'deployment.environment.name', value: { stringValue: 'development' } },
  ],
};
/** One span of demo-app, so that a trace id opens a trace. */
const ONE_SPAN = {
  resourceSpans: [
    {
      resource: RESOURCE,
      scopeSpans: [
        {
          spans: [
            {
              traceId: TRACE_ID,
              spanId: 'eee19b7ec3c1b174',
              name: 'process_order',
              kind: 1,
              startTimeUnixNano: String(NOW_NS - 50_000_000n),
              endTimeUnixNano: String(NOW_NS),
            },
          ],
        },
      ],
    },
  ],
};

/** The log record demo-app writes inside that span. */
const ONE_LOG = {
  resourceLogs: [
    {
      resource: RESOURCE,
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: String(NOW_NS - 20_000_000n),
              severityNumber: 9,
              severityText: 'INFO',
              body: { stringValue: 'order created' },
              traceId: TRACE_ID,
              spanId: 'eee19b7ec3c1b174',
            },
          ],
        },
      ],
    },
  ],
};

/** The requests Grafana sends when it tests a data source or follows one of its links. */
const GRAFANA_REQUESTS: Record<string, string[]> = {
  prometheus: [
    '/api/v1/query?query=1%2B1',
    '/api/v1/status/buildinfo',
    `/api/v1/query_exemplars?query=${encodeURIComponent('traces_span_metrics_duration_seconds_bucket')}`,
  ],
  // The exemplar and trace_id links open a trace by its id.
  jaeger: ['/api/services', '/api/traces?service=demo-app&limit=20', `/api/traces/${TRACE_ID}`],
  // Grafana's Save & test for Loki: an instant query at time 4000000000, then the labels of the
  // last 10 minutes; then what Explore asks first.
  loki: [
    '/loki/api/v1/query?query=vector(1)%2Bvector(1)&time=4000000000',
    `/loki/api/v1/labels?start=${(Date.now() - 600_000) * 1e6}&end=${Date.now() * 1e6}`,
    '/loki/api/v1/status/buildinfo',
    `/loki/api/v1/query_range?query=${encodeURIComponent('{service_name=~".+"}')}&limit=10`,
  ],
  // Save & test, then the version Grafana reads; grafana-tempo.test.ts opens a trace by id.
  tempo: ['/api/echo', '/api/status/buildinfo'],
};

describe('the provisioned data sources against a running backend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grafana-embedded-'));
  let backend: BackendProcess;
  before(async () => {
    backend = await startBackendProcess(join(ROOT, 'packages', 'backend', 'dist', 'main.js'), [
      '--data-dir',
      join(dir, 'data'),
    ]);
    const stored = await postJson(backend.otlpHttpUrl, '/v1/traces', ONE_SPAN);
    assert.equal(stored.status, 200, stored.text);
    const logged = await postJson(backend.otlpHttpUrl, '/v1/logs', ONE_LOG);
    assert.equal(logged.status, 200, logged.text);
  });
  after(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // Grafana's proxy sends the data source URL's host and port as Host: localhost:16686 here,
  // whichever port this test's backend really has.
  const grafanaCall = (url: string, path: string, host = new URL(url).host) =>
    call(backend.queryUrl, 'GET', path, { headers: { host } });

  for (const source of datasources) {
    for (const path of GRAFANA_REQUESTS[String(source.type)] ?? []) {
      test(`${source.name}: GET ${path} as Grafana sends it`, async () => {
        const answer = await grafanaCall(String(source.url), path);
        assert.equal(answer.status, 200, answer.text);
      });
    }
  }

  test('the Prometheus, Jaeger, Loki and Tempo data sources are all checked', () => {
    const checked = datasources.filter((d) => GRAFANA_REQUESTS[String(d.type)] !== undefined);
    assert.deepEqual(checked.map((d) => d.type).sort(), ['jaeger', 'loki', 'prometheus', 'tempo']);
  });

  test("Loki's Save & test query answers 2, as Loki does", async () => {
    const answer = await grafanaCall(
      backend.queryUrl,
      '/loki/api/v1/query?query=vector(1)%2Bvector(1)&time=4000000000',
    );
    const data = answer.json?.data as { resultType?: string; result?: { value?: unknown[] }[] };
    assert.equal(data?.resultType, 'vector', answer.text);
    assert.deepEqual(data.result?.[0]?.value, [4000000000, '2']);
  });

  test('under another name Grafana is refused until the backend allows it', async () => {
    const answer = await grafanaCall(backend.queryUrl, '/api/services', 'host.docker.internal');
    assert.equal(answer.status, 403);
    assert.match(answer.text, /--allowed-hosts/);
  });

  for (const setup of GRAFANA_SETUPS) {
    test(`${setup.name}: "Logs for this span" on the trace the Jaeger API answers finds its logs`, async () => {
      const answer = await grafanaCall(backend.queryUrl, `/api/traces/${TRACE_ID}`);
      const trace = (answer.json?.data as JaegerJsonTrace[] | undefined)?.[0];
      assert.ok(trace, answer.text);
      const span = trace.spans[0];
      assert.ok(span);
      const jaeger = provisionedDatasources(setup).find((source) => source.type === 'jaeger');
      const found = await spanLinkLogLines(jaeger, setup, trace, span, (path) =>
        grafanaCall(backend.queryUrl, path),
      );
      assert.deepEqual(found.lines, ['order created'], `${found.query}: ${found.answer}`);
    });
  }

  const toMetrics = asRecord(
    asRecord(datasources.find((d) => d.type === 'jaeger')?.jsonData).tracesToMetrics,
  );
  for (const entry of asArray(toMetrics.queries).map(asRecord)) {
    test(`span to metrics: ${entry.name}`, async () => {
      const query = expandProvisioned(String(entry.query), {}).replaceAll(
        '${__span.name}',
        'process_order',
      );
      assert.doesNotThrow(() => parseExpr(query), query);
      const answer = await grafanaCall(
        backend.queryUrl,
        `/api/v1/query?query=${encodeURIComponent(query)}`,
      );
      assert.equal(answer.json?.status, 'success', answer.text);
    });
  }
});
