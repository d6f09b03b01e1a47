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
