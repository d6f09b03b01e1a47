import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { createHostPolicy } from '../../serve/host-policy.js';
import { answerCors } from './api-cors.js';

let server: HandlerServer;
before(async () => {
  const hosts = createHostPolicy(['grafana.lan']);
  server = await serveHandler((request, response) => {
    if (answerCors(request, response, hosts)) return true;
    response.end('routed');
    return true;
  });
});
after(() => server.close());

const ALLOW_HEADERS = 'Accept, Authorization, Content-Type, Origin';

test('OPTIONS is 204 without a body, as Prometheus answers it; other methods go on to their route', async () => {
  const preflight = await call(server.url, 'OPTIONS', '/api/v1/query', {
    headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.text, '');
  const get = await call(server.url, 'GET', '/api/v1/query');
  assert.equal(get.text, 'routed');
});

test('an origin gets the CORS headers; Allow-Origin only for pages on a host the port answers to', async () => {
  const rows: { origin?: string; host?: string; granted: boolean }[] = [
    { origin: 'http://localhost:3000', granted: true },
    { origin: 'https://127.0.0.1', granted: true },
    { origin: 'http://[::1]:8080', granted: true },
    { origin: 'http://grafana.lan:3000', granted: true },
    { origin: 'http://my-box:16686', host: 'my-box:16686', granted: true },
    { origin: 'http://evil.example', granted: false },
    { origin: 'http://localhost.evil.example', granted: false },
    { origin: 'null', granted: false },
    { origin: 'file:///tmp/page.html', granted: false },
    { granted: false },
  ];
  for (const method of ['OPTIONS', 'GET']) {
    for (const { origin, host, granted } of rows) {
      const headers: Record<string, string> = {};
      if (origin) headers.origin = origin;
      if (host) headers.host = host;
      const answer = await call(server.url, method, '/api/v1/series', { headers });
      const name = `${method} ${origin ?? '(no Origin)'}`;
      assert.equal(
        answer.headers['access-control-allow-origin'],
        granted ? origin : undefined,
        name,
      );
      // As Prometheus: the other headers on every request with an Origin, none without.
      assert.equal(
        answer.headers['access-control-allow-headers'],
        origin ? ALLOW_HEADERS : undefined,
        name,
      );
      assert.equal(answer.headers.vary, origin ? 'Origin' : undefined, name);
    }
  }
});
