import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { createHostPolicy } from './host-policy.js';
import { createQueryPortHandler } from './query-port.js';
import { createQueryRouter } from './query-router.js';

/** A table as main.ts builds one, each route answering its name and parameters. */
function table() {
  const router = createQueryRouter();
  const echo =
    (name: string) =>
    (_: unknown, response: import('node:http').ServerResponse, params: object) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ route: name, params }));
    };
  const prometheus = router.api('prometheus', (request, response) => {
    if (request.method !== 'OPTIONS') return false;
    response.writeHead(204).end();
    return true;
  });
  prometheus.namespace('/api/v1/');
  prometheus.on(['GET', 'HEAD', 'POST'], '/api/v1/query', echo('query'));
  prometheus.on(['GET', 'HEAD'], '/api/v1/label/:name/values', echo('label values'));
  const jaeger = router.api('jaeger');
  jaeger.namespace('/api/traces/');
  jaeger.on(['GET', 'HEAD'], '/api/traces', echo('traces'));
  jaeger.on(['GET', 'HEAD'], '/api/traces/:traceID', echo('trace'));
  const native = router.api('native');
  native.on(['POST'], '/api/import', echo('import'));
  native.on(['GET'], '/api/logs', echo('logs'));
  // A path apiOf would call native, registered as Prometheus's: the route decides the shape.
  router.api('prometheus').on(['GET'], '/custom/metrics', echo('custom'));
  return router;
}

let base = '';
const server = createServer(
  createQueryPortHandler({
    router: table(),
    routes: [
      async (request, response) => {
        if (request.url !== '/search') return false;
        response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>');
        return true;
      },
    ],
    hosts: createHostPolicy([]),
    log: () => {},
  }),
);
before(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

describe('the route table', () => {
  const rows: { method?: string; path: string; status: number; route?: string; params?: object }[] =
    [
      { path: '/api/v1/query?query=up', status: 200, route: 'query', params: {} },
      { method: 'POST', path: '/api/v1/query', status: 200, route: 'query' },
      { method: 'HEAD', path: '/api/v1/query', status: 200 },
      // Parameters reach the handler as sent, for the API to decode with its own errors.
      {
        path: '/api/v1/label/a%2Fb/values',
        status: 200,
        route: 'label values',
        params: { name: 'a%2Fb' },
      },
      { path: '/api/v1/label/%zz/values', status: 200, params: { name: '%zz' } },
      { path: '/api/v1/label/a+b/values', status: 200, params: { name: 'a+b' } },
      { path: '/api/traces/abc', status: 200, route: 'trace', params: { traceID: 'abc' } },
      // An escape is not the character it escapes: no route is reached through one.
      { path: '/api/v1/%71uery', status: 404 },
      // A parameter is never empty; a static path wins over a parameter, both over a namespace.
      { path: '/api/traces/', status: 404 },
      { path: '/api/v1/label//values', status: 404 },
      { path: '/api/traces', status: 200, route: 'traces' },
      { path: '/api/traces/a/b', status: 404 },
      { path: '/api/v1/query/', status: 404 },
      { path: '/API/v1/query', status: 404 },
      // The UI after every route; then 404.
      { path: '/search', status: 200 },
      { path: '/nope', status: 404 },
      // HEAD only where a route lists it.
      { method: 'HEAD', path: '/api/logs', status: 405 },
      { method: 'GET', path: '/api/import', status: 405 },
    ];
  for (const row of rows) {
    test(`${row.method ?? 'GET'} ${row.path}: ${row.status}`, async () => {
      const answer = await call(base, row.method ?? 'GET', row.path);
      assert.equal(answer.status, row.status, answer.text);
      if (row.route) assert.equal(answer.json.route, row.route);
      if (row.params) assert.deepEqual(answer.json.params, row.params);
    });
  }
});

describe('every answer in the shape of the API whose route matched', () => {
  test('405 names the methods in Allow: plain text for Prometheus and Jaeger, JSON natively', async () => {
    const prometheus = await call(base, 'DELETE', '/api/v1/query');
    assert.equal(prometheus.status, 405);
    assert.equal(prometheus.headers.allow, 'GET, HEAD, POST');
    assert.equal(prometheus.text, 'Method Not Allowed\n');
    const jaeger = await call(base, 'PUT', '/api/traces/abc');
    assert.equal(jaeger.headers.allow, 'GET, HEAD');
    assert.equal(jaeger.text, 'Method Not Allowed\n');
    const native = await call(base, 'GET', '/api/import');
    assert.equal(native.headers.allow, 'POST');
    assert.deepEqual(native.json, { error: 'GET is not allowed on /api/import: use POST' });
  });

  test("an unknown path under an API's namespace is a 404 in its shape, whatever the method", async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const prometheus = await call(base, method, '/api/v1/nope');
      assert.equal(prometheus.status, 404, method);
      assert.deepEqual(prometheus.json, {
        status: 'error',
        errorType: 'not_found',
        error: 'no route for /api/v1/nope',
      });
    }
    const jaeger = await call(base, 'GET', '/api/traces/a/b');
    assert.equal(jaeger.json.errors[0].msg, 'no route for /api/traces/a/b');
    assert.deepEqual(
      (await call(base, 'GET', '/api/servicesx')).json,
      { error: 'no route for /api/servicesx' },
      'outside every namespace: the native shape',
    );
  });

  test("an API's middleware runs before its routes and under its namespace", async () => {
    assert.equal((await call(base, 'OPTIONS', '/api/v1/query')).status, 204);
    assert.equal((await call(base, 'OPTIONS', '/api/v1/nope')).status, 204);
    assert.equal((await call(base, 'OPTIONS', '/api/logs')).status, 405);
  });

  test("the port's checks answer in the matched route's shape, not the path's", async () => {
    const host = { headers: { host: 'evil.example' } };
    const refused = await call(base, 'GET', '/custom/metrics', host);
    assert.equal(refused.status, 403);
    assert.match(String(refused.headers['content-type']), /^text\/plain/);
    const malformed = await call(base, 'GET', '/custom/metrics?x=%zz');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.errorType, 'bad_data');
    assert.equal((await call(base, 'GET', '/custom/metrics')).json.route, 'custom');
  });
});
