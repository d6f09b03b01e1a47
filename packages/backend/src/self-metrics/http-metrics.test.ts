import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { sendJson } from '../send-json.js';
import { createQueryPortHandler } from '../serve/query-port.js';
import { createQueryRouter } from '../serve/query-router.js';
import { createHttpMetrics, statusClass } from './http-metrics.js';
import { metricValue } from './metric-value.js';

describe('status class', () => {
  const rows: [number, string][] = [
    [101, '1xx'],
    [200, '2xx'],
    [204, '2xx'],
    [303, '3xx'],
    [404, '4xx'],
    [499, '4xx'],
    [503, '5xx'],
    [0, 'other'],
    [600, 'other'],
  ];
  for (const [status, expected] of rows) {
    test(`${status} is ${expected}`, () => assert.equal(statusClass(status), expected));
  }
});

describe('request durations on the query port, by route pattern', () => {
  const registry = new Registry();
  let base = '';
  const server = createServer();
  before(async () => {
    const router = createQueryRouter();
    const jaeger = router.api('jaeger');
    jaeger.namespace('/api/');
    jaeger.on(['GET'], '/api/traces/:id', (_request, response, params) =>
      sendJson(response, params.id === 'missing' ? 404 : 200, { id: params.id }),
    );
    server.on(
      'request',
      createQueryPortHandler({ router, log: () => {}, observe: createHttpMetrics(registry) }),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const count = (handler: string, code: string) =>
    metricValue(registry, 'otel_lab_http_request_duration_seconds_count', { handler, code });

  test('every trace id falls under one series; unknown paths under their namespace or other', async () => {
    const paths = [
      '/api/traces/a',
      '/api/traces/b',
      '/api/traces/missing',
      '/api/nothing-here',
      '/random/1',
      '/random/2',
    ];
    for (const path of paths) await (await fetch(`${base}${path}`)).arrayBuffer();
    assert.equal(await count('/api/traces/:id', '2xx'), 2);
    assert.equal(await count('/api/traces/:id', '4xx'), 1);
    assert.equal(await count('/api/*', '4xx'), 1);
    assert.equal(await count('other', '4xx'), 2);
    const metric = registry.getSingleMetric('otel_lab_http_request_duration_seconds');
    const values = (await metric?.get())?.values ?? [];
    const handlers = new Set(values.map((value) => value.labels.handler));
    assert.deepEqual([...handlers].sort(), ['/api/*', '/api/traces/:id', 'other']);
  });

  test('the duration covers the answer, in seconds', async () => {
    const sum = await metricValue(registry, 'otel_lab_http_request_duration_seconds_sum', {
      handler: '/api/traces/:id',
      code: '2xx',
    });
    assert.ok(sum !== undefined && sum > 0 && sum < 5, String(sum));
  });
});
