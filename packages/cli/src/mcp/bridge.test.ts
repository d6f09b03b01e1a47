import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { createBridge, MAX_ANSWER_BYTES } from './bridge.js';

/** A stand-in /mcp: answers each request as `reply` says, and keeps the headers it got. */
let reply: { status: number; body: string } = { status: 200, body: '' };
const seen: IncomingHttpHeaders[] = [];
const fake = createServer((request, response) => {
  seen.push(request.headers);
  request.resume();
  response.writeHead(reply.status, { 'content-type': 'application/json' });
  response.end(reply.body);
});
let base = '';

before(async () => {
  fake.listen(0, '127.0.0.1');
  await once(fake, 'listening');
  base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
after(() => new Promise((done) => fake.close(done)));

const LIST: JSONRPCMessage = { jsonrpc: '2.0', id: 7, method: 'tools/list' };
const NOTE: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/initialized' };
const errorOf = (answers: JSONRPCMessage[]) =>
  (answers[0] as { error?: { message: string } }).error?.message ?? '';

describe('the stdio bridge', () => {
  test('passes the answer through, and sends the agreed protocol version from then on', async () => {
    const bridge = createBridge({ backend: `${base}/`, token: 's3cret' });
    const init = { jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-06-18' } };
    reply = { status: 200, body: JSON.stringify(init) };
    const initialize: JSONRPCMessage = { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} };
    assert.deepEqual(await bridge.forward(initialize), [init]);
    assert.equal(seen.at(-1)?.['mcp-protocol-version'], undefined);
    assert.equal(seen.at(-1)?.authorization, 'Bearer s3cret');
    reply = { status: 202, body: '' };
    assert.deepEqual(await bridge.forward(NOTE), []);
    assert.equal(seen.at(-1)?.['mcp-protocol-version'], '2025-06-18');
  });

  const refusals: [string, { status: number; body: string }, RegExp][] = [
    [
      'a 401 of the port',
      { status: 401, body: '{"error":"an access token is needed"}' },
      /HTTP 401: an access token is needed/,
    ],
    [
      'a 403 of the port',
      { status: 403, body: '{"error":"Origin x may not call /mcp"}' },
      /HTTP 403: Origin x/,
    ],
    ['an HTML page', { status: 404, body: '<html>' }, /answered HTTP 404, not JSON: <html>/],
    [
      'an answer over the cap',
      { status: 200, body: `"${'x'.repeat(MAX_ANSWER_BYTES)}"` },
      /over 1048576/,
    ],
  ];
  for (const [what, answer, message] of refusals) {
    test(`${what} becomes a JSON-RPC error for the request`, async () => {
      reply = answer;
      const answers = await createBridge({ backend: base }).forward(LIST);
      assert.equal((answers[0] as { id?: unknown }).id, 7);
      assert.match(errorOf(answers), message);
    });
  }

  test('a JSON-RPC error from /mcp itself (a bad message) is passed through as it is', async () => {
    const own = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
    reply = { status: 400, body: JSON.stringify(own) };
    assert.deepEqual(await createBridge({ backend: base }).forward(LIST), [own]);
  });

  test('a notification that fails has no one to answer to: nothing is written', async () => {
    reply = { status: 403, body: '{"error":"no"}' };
    assert.deepEqual(await createBridge({ backend: base }).forward(NOTE), []);
  });

  test('no answer in time: an error that says how long it waited', async () => {
    const silent = createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const port = (silent.address() as AddressInfo).port;
    try {
      const bridge = createBridge({ backend: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      assert.match(errorOf(await bridge.forward(LIST)), /no answer within 0\.2 s/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
