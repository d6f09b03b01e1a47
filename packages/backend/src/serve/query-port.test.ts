import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { createAccessGate } from '../access/access-token.js';
import { createDashboardFolder } from '../query/native/dashboards.js';
import { createDashboardsHandler } from '../query/native/dashboards-api.js';
import { createStatusHandler, type StatusSource } from '../query/status-api.js';
import { createHostPolicy } from './host-policy.js';
import { createQueryPortHandler, type QueryPortOptions } from './query-port.js';

const TOKEN = '0123456789abcdef0123456789abcdef';

/** A store whose counts fail, as a DuckDB error would make them. */
const failingStore: StatusSource = {
  counts: () => Promise.reject(new Error('IO Error: disk gone')),
  diskBytes: () => 0,
  usedBytes: async () => 0,
  memory: async () => ({ usedBytes: 0, limitBytes: 0 }),
  queued: 0,
};

/** The query port as main.ts composes it, with the dashboards API and a route that throws. */
async function startPort(options: Partial<QueryPortOptions>) {
  const logged: string[] = [];
  const log = (line: string) => logged.push(line);
  const server = createServer(
    createQueryPortHandler({
      routes: [
        createDashboardsHandler(createDashboardFolder(mkdtempSync(join(tmpdir(), 'port-')))),
        async (request) => {
          if (request.url?.startsWith('/api/v1/boom')) throw new Error('a bug');
          return false;
        },
      ],
      fallback: createStatusHandler(
        failingStore,
        limits,
        new Date(),
        () => ({ deleted: {} }),
        (e) => log(`status error: ${(e as Error).message}`),
      ),
      log,
      ...options,
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, logged, close: () => server.close() };
}
const limits = { retentionMs: 1, maxDiskBytes: 1, maxBodyBytes: 1 };

describe('bound to loopback: the Host check', () => {
  let port: Awaited<ReturnType<typeof startPort>>;
  before(async () => {
    port = await startPort({ hosts: createHostPolicy(['host.docker.internal']) });
  });
  after(() => port.close());

  const refused: [string, (json: unknown, text: string) => string][] = [
    // Prometheus's API has no errorType for a 403: plain text, as Go's http.Error.
    ['/api/v1/query?query=up', (_, text) => text],
    [
      '/api/traces?service=x',
      (json) => (json as { errors: { msg: string }[] }).errors[0]?.msg ?? '',
    ],
    ['/api/dashboards', (json) => (json as { error: string }).error],
    ['/search', (json) => (json as { error: string }).error],
  ];
  for (const [path, messageOf] of refused) {
    test(`a foreign Host on ${path} is 403 in that API's shape, saying how to allow it`, async () => {
      const answer = await call(port.base, 'GET', path, { headers: { host: 'evil.example:80' } });
      assert.equal(answer.status, 403);
      assert.match(
        messageOf(answer.json, answer.text),
        /host "evil\.example:80" is not allowed.*--allowed-hosts evil\.example/,
      );
    });
  }

  test('loopback names and --allowed-hosts pass; the probes answer whatever the Host', async () => {
    for (const host of ['localhost:1', '[::1]:1', 'HOST.DOCKER.INTERNAL:16686']) {
      assert.equal(
        (await call(port.base, 'GET', '/api/dashboards', { headers: { host } })).status,
        200,
        host,
      );
    }
    const probe = await call(port.base, 'GET', '/-/ready', {
      headers: { host: 'my-container:16686' },
    });
    assert.equal(probe.status, 200);
  });
});

describe('--allow-anonymous beyond loopback: the Host check with the machine names', () => {
  let port: Awaited<ReturnType<typeof startPort>>;
  before(async () => {
    const machine = () => new Set(['lab-box', 'lab-box.local', '192.168.1.5', '172.17.0.1']);
    port = await startPort({ hosts: createHostPolicy(['otel-lab'], '0.0.0.0', machine) });
  });
  after(() => port.close());

  const rows: { host: string; status: number }[] = [
    ...[
      'lab-box:16686',
      'lab-box.local:16686',
      '192.168.1.5:16686',
      '172.17.0.1:16686',
      '0.0.0.0:16686',
      'localhost:16686',
      'otel-lab:16686',
    ].map((host) => ({ host, status: 200 })),
    ...['evil.example:16686', '192.168.1.6:16686', 'lab-box.evil.example'].map((host) => ({
      host,
      status: 403,
    })),
    ...['lab-box:16686@evil.example', '[::1]junk', 'lab-box:0', 'lab-box:99999'].map((host) => ({
      host,
      status: 400,
    })),
  ];
  for (const row of rows) {
    test(`Host ${JSON.stringify(row.host)}: ${row.status}`, async () => {
      const answer = await call(port.base, 'GET', '/api/dashboards', {
        headers: { host: row.host },
      });
      assert.equal(answer.status, row.status, JSON.stringify(answer.json));
    });
  }

  test('a malformed Host is 400 in the shape of the API asked; the probes still answer', async () => {
    const host = { host: 'localhost:80@evil.com' };
    const prometheus = await call(port.base, 'GET', '/api/v1/labels', { headers: host });
    assert.equal(prometheus.status, 400);
    assert.equal(prometheus.json.errorType, 'bad_data');
    assert.match(prometheus.json.error, /malformed Host header "localhost:80@evil\.com"/);
    const jaeger = await call(port.base, 'GET', '/api/services', { headers: host });
    assert.equal(jaeger.status, 400);
    assert.equal(jaeger.json.errors[0].code, 400);
    assert.equal((await call(port.base, 'GET', '/-/ready', { headers: host })).status, 200);
  });
});

describe('beyond loopback: the access gate', () => {
  let port: Awaited<ReturnType<typeof startPort>>;
  before(async () => {
    port = await startPort({ gate: createAccessGate(TOKEN) });
  });
  after(() => port.close());

  test('a malformed token cookie is 400 in the API shape, before anything else; the port goes on', async () => {
    const cookie = { cookie: 'otel_lab_token=%E0' };
    const prometheus = await call(port.base, 'GET', '/api/v1/query?query=up', { headers: cookie });
    assert.equal(prometheus.status, 400);
    assert.equal(prometheus.json.errorType, 'bad_data');
    assert.match(prometheus.json.error, /otel_lab_token cookie is not valid percent-encoding/);
    const jaeger = await call(port.base, 'GET', '/api/services', { headers: cookie });
    assert.equal(jaeger.status, 400);
    assert.equal(jaeger.json.errors[0].code, 400);
    assert.equal((await call(port.base, 'GET', '/-/ready')).status, 200);
  });

  test('with the token, requests go on; without, 401', async () => {
    const bearer = { authorization: `Bearer ${TOKEN}` };
    assert.equal(
      (await call(port.base, 'GET', '/api/dashboards', { headers: bearer })).status,
      200,
    );
    assert.equal((await call(port.base, 'GET', '/api/dashboards')).status, 401);
  });
});

describe('the error boundary around every route', () => {
  let port: Awaited<ReturnType<typeof startPort>>;
  before(async () => {
    port = await startPort({});
  });
  after(() => port.close());

  test('a route that throws is a 500 in its API shape and one log line', async () => {
    const answer = await call(port.base, 'GET', '/api/v1/boom');
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.json, {
      status: 'error',
      errorType: 'internal',
      error: 'internal error: the backend log says more',
    });
    assert.equal(
      port.logged.filter((line) => /GET \/api\/v1\/boom failed: Error: a bug/.test(line)).length,
      1,
    );
    assert.equal((await call(port.base, 'GET', '/-/ready')).status, 200);
  });

  test('a bad escape in a dashboard uid is 400', async () => {
    const answer = await call(port.base, 'GET', '/api/dashboards/%E0');
    assert.equal(answer.status, 400);
    assert.match(answer.json.error, /percent-encoding/);
  });

  test('a malformed escape in any query string is 400 in the shape of the API it was sent to', async () => {
    const rows: [string, (json: Record<string, unknown>) => unknown][] = [
      ['/api/v1/query?query=up&x=%zz', (json) => json.errorType],
      ['/api/traces?service=a%E0', (json) => (json.errors as { code: number }[])[0]?.code],
      ['/api/logs?text=%', (json) => typeof json.error],
    ];
    const expected = ['bad_data', 400, 'string'];
    for (const [index, [path, shape]] of rows.entries()) {
      const answer = await call(port.base, 'GET', path);
      assert.equal(answer.status, 400, path);
      assert.equal(shape(answer.json), expected[index], path);
    }
    // Well-formed escapes, even of characters that need none, pass on to the route.
    assert.equal((await call(port.base, 'GET', '/api/dashboards?x=%41%20b+c')).status, 200);
  });

  test("on loopback too, a malformed token cookie is a 400; other ports' cookies are not read", async () => {
    const own = await call(port.base, 'GET', '/api/dashboards', {
      headers: { cookie: 'grafana_session=%zz; otel_lab_token=%E0' },
    });
    assert.equal(own.status, 400);
    assert.match(own.json.error, /percent-encoding/);
    const others = await call(port.base, 'GET', '/api/dashboards', {
      headers: { cookie: 'grafana_session=%zz; theme=%E0' },
    });
    assert.equal(others.status, 200);
  });

  test('/api/status whose storage fails is 503 and a log line', async () => {
    const answer = await call(port.base, 'GET', '/api/status');
    assert.equal(answer.status, 503);
    assert.match(answer.json.error, /unavailable/);
    assert.ok(port.logged.some((line) => /status error: IO Error: disk gone/.test(line)));
  });

  test('unknown paths are 404 whatever the method; known ones 405 with Allow', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      assert.equal((await call(port.base, method, '/nope')).status, 404, method);
    }
    const jaeger = await call(port.base, 'PUT', '/api/services/x/y');
    assert.equal(jaeger.status, 404);
    assert.equal(jaeger.json.errors[0].msg, 'no route for /api/services/x/y');
    const probe = await call(port.base, 'POST', '/-/ready');
    assert.equal(probe.status, 405);
    assert.equal(probe.headers.allow, 'GET, HEAD');
    const status = await call(port.base, 'DELETE', '/api/status');
    assert.equal(status.status, 405);
    assert.equal(status.headers.allow, 'GET, HEAD');
    assert.match(status.json.error, /DELETE is not allowed on \/api\/status/);
  });
});
