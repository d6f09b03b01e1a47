/**
 * The grpc-js internals grpc-call-stream.ts reads: if an upgrade moves them, this fails (and the
 * budget would no longer see a message's bytes as they arrive, nor end stalled streams).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { http2StreamOf } from './grpc-call-stream.js';

test("the first server interceptor's call exposes the HTTP/2 stream and its DATA frames", async () => {
  let seen: { found: boolean; bytes: number } | undefined;
  const interceptor: grpc.ServerInterceptor = (_method, call) => {
    const stream = http2StreamOf(call);
    const current = { found: stream !== undefined, bytes: 0 };
    seen = current;
    stream?.prependListener('data', (chunk: Buffer) => {
      current.bytes += chunk.length;
    });
    return new grpc.ServerInterceptingCall(call);
  };
  const server = new grpc.Server({ interceptors: [interceptor] });
  const identity = (buffer: Buffer) => buffer;
  const echo: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) =>
    callback(null, call.request);
  server.register('/t.T/Echo', echo, identity, identity, 'unary');
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    const message = Buffer.alloc(3000, 7);
    const answer = await new Promise<Buffer>((resolve, reject) =>
      client.makeUnaryRequest('/t.T/Echo', identity, identity, message, (error, value) =>
        error || !value ? reject(error) : resolve(value),
      ),
    );
    assert.deepEqual(answer, message);
    assert.equal(seen?.found, true, 'http2StreamOf found the stream');
    assert.equal(
      seen?.bytes,
      5 + message.length,
      'every DATA byte: the 5-byte prefix, the message',
    );
  } finally {
    client.close();
    server.forceShutdown();
  }
});
