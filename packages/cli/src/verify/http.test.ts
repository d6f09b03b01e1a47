import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, describe, test } from 'node:test';
import { createGetJson, displayUrl, joinUrl } from './http.js';

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.closeAllConnections?.();
  for (const server of servers) server.close();
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('GET with a bounded wait', () => {
  test('JSON bodies are parsed, other bodies kept as text', async () => {
    const url = await serve((request, response) =>
      response.end(request.url === '/json' ? '{"a":1}' : 'plain'),
    );
    const get = createGetJson();
    assert.deepEqual(await get(`${url}/json`), { status: 200, body: { a: 1 } });
    assert.deepEqual(await get(`${url}/text`), { status: 200, body: 'plain' });
  });

  test('a server that never answers is given up on, and not waited on again', async () => {
    let requests = 0;
    const url = await serve(() => {
      requests += 1;
    });
    const get = createGetJson(200);
    const started = Date.now();
    const first = await get(`${url}/api/v1/query?query=up`);
    assert.deepEqual(first, {
      error: `cannot reach ${url} (GET /api/v1/query): no answer within 0.2 s`,
    });
    const second = await get(`${url}/api/services`);
    assert.ok('error' in second && second.error.includes('no answer within 0.2 s'));
    assert.ok(Date.now() - started < 2_000);
    assert.equal(requests, 1);
  });

  test('nothing listening: the code and what it means', async () => {
    const url = await serve(() => undefined);
    servers.at(-1)?.close();
    const answer = await createGetJson()(`${url}/health`);
    assert.deepEqual(answer, {
      error: `cannot reach ${url} (GET /health): ECONNREFUSED (nothing is listening there)`,
    });
  });

  test('a login in the URL becomes basic authorization, and is not printed', async () => {
    let headers: IncomingHttpHeaders = {};
    const url = await serve((request, response) => {
      headers = request.headers;
      response.end('{}');
    });
    const withLogin = url.replace('http://', 'http://admin:s%40cret@');
    await createGetJson()(`${withLogin}/api/health`);
    assert.equal(headers.authorization, `Basic ${Buffer.from('admin:s@cret').toString('base64')}`);
    assert.equal(displayUrl(withLogin), `${withLogin.replace('s%40cret', '***')}/`);
  });

  test('joinUrl keeps a base path and drops a trailing slash', () => {
    assert.equal(joinUrl('http://g:3000/proxy/', '/api'), 'http://g:3000/proxy/api');
    assert.equal(joinUrl('http://b:16686', '/api'), 'http://b:16686/api');
  });
});
