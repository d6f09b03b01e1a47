import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createOtlpPortHandler } from './otlp-port.js';

const logged: string[] = [];
const server = createServer(
  createOtlpPortHandler(
    async () => {
      throw new Error('decoder bug');
    },
    (line) => logged.push(line),
  ),
);
let base = '';
before(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('a failure on the OTLP port is a 500 Status in the request encoding, logged', async () => {
  const json = await fetch(`${base}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(json.status, 500);
  assert.deepEqual(await json.json(), {
    code: 13,
    message: 'internal error: the backend log says more',
  });
  const protobuf = await fetch(`${base}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body: new Uint8Array(),
  });
  assert.equal(protobuf.status, 500);
  assert.equal(protobuf.headers.get('content-type'), 'application/x-protobuf');
  // google.rpc.Status: field 1 (code) varint 13, then field 2 (message).
  assert.deepEqual([...new Uint8Array(await protobuf.arrayBuffer()).slice(0, 2)], [0x08, 13]);
  assert.equal(logged.filter((line) => /decoder bug/.test(line)).length, 2);
});

test('a page from an origin outside --cors-origins is refused 403 before the receiver; SDKs pass', async () => {
  const reached: string[] = [];
  const guarded = createServer(
    createOtlpPortHandler(
      async (request, response) => {
        request.resume();
        reached.push(`${request.method} ${request.headers.origin ?? '(no origin)'}`);
        response.end('received');
      },
      (line) => logged.push(line),
      ['http://localhost:*', 'https://*.lab.example'],
    ),
  );
  guarded.listen(0, '127.0.0.1');
  await once(guarded, 'listening');
  const url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/v1/traces`;
  const rows: { method: string; origin?: string; status: number }[] = [
    { method: 'POST', status: 200 },
    { method: 'POST', origin: 'http://localhost:5173', status: 200 },
    { method: 'POST', origin: 'https://shop.lab.example', status: 200 },
    // A DNS-rebinding page: its own site's origin, which the browser sends with every POST.
    { method: 'POST', origin: 'http://rebound.evil.example:4318', status: 403 },
    { method: 'POST', origin: 'null', status: 403 },
    // The preflight is the receiver's: it grants nothing to such an origin.
    { method: 'OPTIONS', origin: 'http://rebound.evil.example:4318', status: 200 },
  ];
  try {
    for (const row of rows) {
      reached.length = 0;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (row.origin) headers.origin = row.origin;
      const body = row.method === 'POST' ? '{"resourceSpans":[]}' : undefined;
      const response = await fetch(url, { method: row.method, headers, body });
      assert.equal(response.status, row.status, `${row.method} from ${row.origin}`);
      if (row.status === 403) {
        assert.equal(reached.length, 0, 'the receiver never saw it');
        const status = (await response.json()) as { code: number; message: string };
        assert.equal(status.code, 7);
        assert.match(status.message, /may not send telemetry: only pages on --cors-origins/);
      } else {
        assert.equal(reached.length, 1);
        await response.text();
      }
    }
    const protobuf = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', origin: 'https://evil.example' },
      body: new Uint8Array(),
    });
    assert.equal(protobuf.status, 403);
    assert.equal(protobuf.headers.get('content-type'), 'application/x-protobuf');
    // google.rpc.Status: field 1 (code) varint 7, PERMISSION_DENIED.
    assert.deepEqual([...new Uint8Array(await protobuf.arrayBuffer()).slice(0, 2)], [0x08, 7]);
  } finally {
    guarded.close();
  }
});
