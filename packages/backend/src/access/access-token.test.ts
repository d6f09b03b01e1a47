import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { accessToken, createAccessGate } from './access-token.js';

const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let base = '';
const server = createServer((request, response) => {
  if (!createAccessGate(TOKEN)(request, response)) return;
  response.end('the API');
});

before(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('the token is OTEL_LAB_TOKEN, or a fresh random one', () => {
  assert.equal(accessToken({ OTEL_LAB_TOKEN: ' mine ' }), 'mine');
  const a = accessToken({});
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, accessToken({}));
});

test('without the token: 401 saying how to get in; health probes stay open', async () => {
  const denied = await fetch(`${base}/api/v1/query?query=up`);
  assert.equal(denied.status, 401);
  // As Prometheus's auth layer answers it: plain text, no errorType (its API has none for 401).
  assert.match(denied.headers.get('content-type') ?? '', /^text\/plain/);
  assert.match(await denied.text(), /access token.*\?token=/);
  const wrong = await fetch(`${base}/api/services`, { headers: { authorization: 'Bearer nope' } });
  assert.equal(wrong.status, 401);
  assert.equal((await fetch(`${base}/-/ready`)).status, 200);
});

test('an Authorization header of a million tabs is refused in one pass', {
  timeout: 10_000,
}, () => {
  // Past Node's 16 KiB header limit over HTTP, so the gate is called directly.
  for (const authorization of [`BEARER\n${'\t'.repeat(1e6)}\n`, `Bearer ${'\t'.repeat(1e6)}x`]) {
    let status = 0;
    const response = { writeHead: (code: number) => (status = code), end: () => {} };
    const request = { url: '/api/services', headers: { authorization }, resume: () => {} };
    const passed = createAccessGate(TOKEN)(request as never, response as never);
    assert.equal(passed, false);
    assert.equal(status, 401);
  }
});

test('a bearer token, or the cookie that ?token= sets, lets requests through', async () => {
  const bearer = await fetch(`${base}/api/services`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(await bearer.text(), 'the API');
  const login = await fetch(`${base}/search?service=x&token=${TOKEN}`, { redirect: 'manual' });
  assert.equal(login.status, 303);
  assert.equal(login.headers.get('location'), '/search?service=x', 'the token leaves the URL');
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  assert.match(login.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Strict/);
  const withCookie = await fetch(`${base}/api/services`, { headers: { cookie } });
  assert.equal(await withCookie.text(), 'the API');
});
