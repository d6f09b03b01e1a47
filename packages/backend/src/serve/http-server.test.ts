import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { test } from 'node:test';
import { createHttpServer, MAX_HEADER_BYTES } from './http-server.js';

/** Sends `head` (and nothing after it), then collects what the server answers until it closes. */
async function stall(port: number, head: string): Promise<{ answer: string; ms: number }> {
  const began = Date.now();
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(head);
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString();
  });
  await once(socket, 'close');
  return { answer, ms: Date.now() - began };
}

test('a request that stalls is answered 408 and closed once its time is up', async () => {
  let handled = 0;
  const server = createHttpServer(
    (request, response) => {
      handled += 1;
      request.resume();
      request.on('end', () => response.end('whole'));
    },
    { requestMs: 600, headersMs: 300, checkEveryMs: 100 },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    // Headers that never end, then a body that never comes.
    const slowHeaders = await stall(port, 'POST /v1/traces HTTP/1.1\r\nHost: localhost\r\n');
    assert.match(slowHeaders.answer, /^HTTP\/1\.1 408/);
    assert.ok(slowHeaders.ms < 5000, `${slowHeaders.ms} ms`);
    const slowBody = await stall(
      port,
      'POST /v1/traces HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\npartial',
    );
    assert.match(slowBody.answer, /^HTTP\/1\.1 408/);
    assert.equal(handled, 1, 'the stalled body reached the handler, which never finished it');
  } finally {
    server.close();
  }
});

test('a 40 KB query string is answered; past 64 KiB of headers, 431 and the connection closed', async () => {
  const server = createHttpServer((request, response) => {
    request.resume();
    response.end(`target of ${request.url?.length} bytes`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const target = (bytes: number) => `/api/traces?service=s&${'tag=k:v&'.repeat(bytes / 8)}`;
  try {
    const long = target(40_000);
    const answered = await fetch(`http://127.0.0.1:${port}${long}`);
    assert.equal(answered.status, 200);
    assert.equal(await answered.text(), `target of ${long.length} bytes`);
    // Request line and headers together count against the limit.
    const over = await stall(
      port,
      `GET ${target(MAX_HEADER_BYTES)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    assert.match(over.answer, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    assert.match(over.answer, /\r\nConnection: close\r\n/i);
    const manyHeaders = Array.from(
      { length: 700 },
      (_, i) => `X-Filler-${i}: ${'v'.repeat(90)}\r\n`,
    );
    const overByHeaders = await stall(
      port,
      `GET / HTTP/1.1\r\nHost: localhost\r\n${manyHeaders.join('')}\r\n`,
    );
    assert.match(overByHeaders.answer, /^HTTP\/1\.1 431 /);
  } finally {
    server.close();
  }
});
