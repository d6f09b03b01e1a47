import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createUiHandler } from './serve-ui.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so paths like /%2e%2e/ reach the server as written. */
function ask(base: string, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The UI handler in front of a stand-in for the API handlers, as main.ts chains them. */
async function serve(root: string): Promise<{ server: Server; base: string }> {
  const ui = createUiHandler({ root });
  const server = createServer(async (request, response) => {
    if (await ui(request, response)) return;
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":"no route"}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return {
    server,
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  };
}

describe('the built UI, served on the query port', () => {
  let dir: string;
  let server: Server;
  let base: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-ui-'));
    mkdirSync(join(dir, 'web', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(dir, 'web', 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'web', 'assets', 'index-AbC123.css'), 'body{}');
    writeFileSync(join(dir, 'secret.txt'), 'outside the root');
    ({ server, base } = await serve(join(dir, 'web')));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const appRoutes = [
    '/',
    '/search',
    '/search?service=demo-app&lookback=1h&tags=%7B%22error%22%3A%22true%22%7D',
    '/trace/4bf92f3577b34da6a3ce929d0e0e4736',
    '/trace/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7',
    '/query',
    '/logs',
    '/dashboards',
    '/dashboards/otel-lab-demo-app?from=now-1h&var-endpoint=%2Fapi%2Forders',
    '/map',
    '/status',
    '/alerts?state=firing&search=latency',
    // Prometheus's generatorURL in every alert: the app moves it to /query.
    '/graph?g0.expr=up%20%3D%3D%200&g0.tab=1',
  ];
  for (const path of appRoutes) {
    test(`${path} answers index.html, revalidated, under the CSP`, async () => {
      const answer = await ask(base, path);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(answer.headers['cache-control'], 'no-cache');
      assert.match(String(answer.headers['content-security-policy']), /script-src 'self'(;|$)/);
      assert.doesNotMatch(String(answer.headers['content-security-policy']), /unsafe-inline/);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
      assert.equal(answer.body, '<!doctype html><title>ui</title>');
    });
  }

  const files = [
    { path: '/assets/index-AbC123.js', type: 'text/javascript; charset=utf-8' },
    { path: '/assets/index-AbC123.css', type: 'text/css; charset=utf-8' },
  ];
  for (const { path, type } of files) {
    test(`${path}: ${type}, cached for good (its name changes with its content)`, async () => {
      const answer = await ask(base, path);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers['content-type'], type);
      assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
    });
  }

  test('HEAD answers the headers without the body', async () => {
    const answer = await ask(base, '/search', 'HEAD');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '');
  });

  const passedOn = [
    { name: 'an unknown API path keeps its JSON 404', path: '/api/nothing' },
    { name: 'the probes are not the UI', path: '/-/nothing' },
    { name: 'an unknown page', path: '/nothing' },
    { name: 'a missing asset', path: '/assets/gone-123.js' },
    { name: 'an escaped climb out of the root', path: '/%2e%2e/secret.txt' },
    { name: 'a climb out of the root', path: '/assets/..%2f..%2fsecret.txt' },
    { name: 'a deeper trace path', path: '/trace/abc/def' },
    { name: 'a deeper dashboard path', path: '/dashboards/a/b' },
    { name: "the backend's own metrics, not a page", path: '/metrics' },
  ];
  for (const row of passedOn) {
    test(`passed on to the next handler: ${row.name}`, async () => {
      const answer = await ask(base, row.path);
      assert.equal(answer.status, 404);
      assert.equal(answer.body, '{"error":"no route"}');
    });
  }

  test('POST is passed on', async () => {
    assert.equal((await ask(base, '/', 'POST')).status, 404);
  });
});

test('without a build, the app routes say how to build it', async () => {
  const { server, base } = await serve(join(tmpdir(), 'no-such-ui-build'));
  try {
    const answer = await ask(base, '/search');
    assert.equal(answer.status, 503);
    assert.match(answer.body, /npm run build/);
    assert.equal((await ask(base, '/api/status')).status, 404);
  } finally {
    server.close();
  }
});
