import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { MALFORMED_ENCODING, withErrorBoundary } from './error-boundary.js';
import { sendApiError } from './error-shape.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => unknown;

/** Each path fails in its own way; /ok answers, to show the server outlives the others. */
const HANDLERS: Record<string, Handler> = {
  '/ok': (_request, response) => response.end('ok'),
  '/throws': () => {
    throw new Error('boom');
  },
  '/rejects': async () => {
    await Promise.resolve();
    throw new TypeError('later boom');
  },
  '/rejects-undefined': () => Promise.reject(undefined),
  '/bad-escape': () => decodeURIComponent('%E0'),
  '/api/v1/bad-escape': async () => decodeURIComponent('%zz'),
  '/after-headers': async (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.write('half');
    await Promise.resolve();
    throw new Error('mid-stream');
  },
  '/write-after-end': (_request, response) => {
    response.end('done');
    response.write('more');
  },
};

const logged: string[] = [];
const server = createServer(
  withErrorBoundary(
    (request, response) => (HANDLERS[request.url ?? ''] ?? HANDLERS['/ok'])?.(request, response),
    { answer: sendApiError, log: (line) => logged.push(line) },
  ),
);
let base = '';
before(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const rows: { path: string; status: number; body: unknown; logs: number }[] = [
  {
    path: '/throws',
    status: 500,
    body: { error: 'internal error: the backend log says more' },
    logs: 1,
  },
  {
    path: '/rejects',
    status: 500,
    body: { error: 'internal error: the backend log says more' },
    logs: 1,
  },
  {
    path: '/rejects-undefined',
    status: 500,
    body: { error: 'internal error: the backend log says more' },
    logs: 1,
  },
  { path: '/bad-escape', status: 400, body: { error: MALFORMED_ENCODING }, logs: 0 },
  {
    path: '/api/v1/bad-escape',
    status: 400,
    body: { status: 'error', errorType: 'bad_data', error: MALFORMED_ENCODING },
    logs: 0,
  },
];
for (const row of rows) {
  test(`${row.path}: ${row.status} in the API's shape, ${row.logs} log line, the server goes on`, async () => {
    const before = logged.length;
    const response = await fetch(`${base}${row.path}`);
    assert.equal(response.status, row.status);
    assert.deepEqual(await response.json(), row.body);
    assert.equal(logged.length - before, row.logs, logged.join('\n'));
    assert.equal(await (await fetch(`${base}/ok`)).text(), 'ok');
  });
}

test('a failure after the headers went out cuts the response, logged once', async () => {
  const before = logged.length;
  const response = await fetch(`${base}/after-headers`);
  assert.equal(response.status, 200);
  await assert.rejects(response.text());
  assert.equal(logged.length - before, 1);
  assert.match(logged.at(-1) ?? '', /GET \/after-headers failed: Error: mid-stream/);
  assert.equal(await (await fetch(`${base}/ok`)).text(), 'ok');
});

test('a write after the end is logged, not fatal', async () => {
  const before = logged.length;
  assert.equal(await (await fetch(`${base}/write-after-end`)).text(), 'done');
  // The response's error event comes a tick after the handler returned.
  for (let i = 0; i < 50 && logged.length === before; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.match(logged.at(-1) ?? '', /response failed: .*write after end/);
  assert.equal(await (await fetch(`${base}/ok`)).text(), 'ok');
});
