import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { apiOf, sendApiError, sendMethodNotAllowed } from './error-shape.js';

const HEADERS = { 'www-authenticate': 'Bearer realm="otel-lab"' };
const server = createServer((request, response) => {
  if (request.method === 'DELETE') sendMethodNotAllowed(request, response, ['GET', 'HEAD']);
  else sendApiError(request, response, Number(request.headers['x-status'] ?? 400), 'bad', HEADERS);
});
let base = '';
before(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const rows: { path: string; api: string; type: RegExp; body: unknown }[] = [
  {
    path: '/api/v1/query?query=up',
    api: 'prometheus',
    type: /^application\/json/,
    body: { status: 'error', errorType: 'bad_data', error: 'bad' },
  },
  ...['/api/services', '/api/services/x/operations', '/api/operations', '/api/traces/abc'].map(
    (path) => ({
      path,
      api: 'jaeger',
      type: /^application\/json/,
      body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg: 'bad' }] },
    }),
  ),
  {
    path: '/api/dependencies',
    api: 'jaeger',
    type: /^application\/json/,
    body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg: 'bad' }] },
  },
  {
    path: '/api/v3/traces',
    api: 'jaeger-v3',
    type: /^text\/plain/,
    body: { error: { httpCode: 400, message: 'bad' } },
  },
  ...['/api/search/traces', '/api/servicesx', '/api/logs', '/search', '/-/ready'].map((path) => ({
    path,
    api: 'native',
    type: /^application\/json/,
    body: { error: 'bad' },
  })),
];
for (const row of rows) {
  test(`${row.path} is ${row.api}: its errors in that API's shape`, async () => {
    assert.equal(apiOf(new URL(row.path, base).pathname), row.api);
    const response = await fetch(`${base}${row.path}`);
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type') ?? '', row.type);
    assert.deepEqual(JSON.parse(await response.text()), row.body);
  });
}

test("/loki/api paths are loki: Loki's plain-text errors", async () => {
  for (const path of ['/loki/api/v1/query_range', '/loki/api/v1/label/x/values']) {
    assert.equal(apiOf(path), 'loki');
    const response = await fetch(`${base}${path}`);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await response.text(), 'bad\n');
  }
  assert.equal(apiOf('/lokix'), 'native');
});

test('405: plain text for Prometheus, Jaeger and the probes, JSON for the native API; Allow on all', async () => {
  for (const path of ['/api/v1/labels', '/api/traces', '/api/v3/services', '/-/ready']) {
    const response = await fetch(`${base}${path}`, { method: 'DELETE' });
    assert.equal(response.status, 405, path);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
    assert.equal(await response.text(), 'Method Not Allowed\n');
  }
  const native = await fetch(`${base}/api/logs`, { method: 'DELETE' });
  assert.equal(native.status, 405);
  assert.equal(native.headers.get('allow'), 'GET, HEAD');
  assert.deepEqual(await native.json(), {
    error: 'DELETE is not allowed on /api/logs: use GET, HEAD',
  });
});

test('Prometheus: an errorType for the statuses its API answers; 401 and 403 as its auth layer writes them, plain text', async () => {
  const rows: { status: number; type?: string }[] = [
    { status: 400, type: 'bad_data' },
    { status: 404, type: 'not_found' },
    { status: 422, type: 'execution' },
    { status: 500, type: 'internal' },
    { status: 503, type: 'unavailable' },
    { status: 401 },
    { status: 403 },
  ];
  for (const { status, type } of rows) {
    const response = await fetch(`${base}/api/v1/query?query=up`, {
      headers: { 'x-status': String(status) },
    });
    assert.equal(response.status, status);
    assert.equal(response.headers.get('www-authenticate'), HEADERS['www-authenticate']);
    const text = await response.text();
    if (type) {
      assert.deepEqual(JSON.parse(text), { status: 'error', errorType: type, error: 'bad' });
    } else {
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8$/);
      assert.equal(text, 'bad\n', String(status));
    }
  }
});
