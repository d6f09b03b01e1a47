/**
 * Idle and slow uploads against one ingest budget shared by OTLP/HTTP and OTLP/gRPC, as in the
 * backend: a client that declares a large body, or opens gRPC streams, and sends nothing holds
 * nothing, so other exports go on; a body or stream that stops arriving is ended after the pace
 * window (408, DEADLINE_EXCEEDED) and what it held is released.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import { type ClientHttp2Stream, connect } from 'node:http2';
import { type AddressInfo, connect as connectTcp, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as grpc from '@grpc/grpc-js';
import type { ArrivalPace } from './arrival-pace.js';
import type { IngestSink } from './ingest.js';
import { createIngestBudget, type IngestBudget } from './ingest-budget.js';
import { bindGrpc, createOtlpGrpcServer } from './otlp-grpc.js';
import { createOtlpHttpHandler } from './otlp-http.js';

const MiB = 2 ** 20;
/** The backend's defaults: 16 MiB bodies, a 256 MiB budget. */
const MAX_BODY = 16 * MiB;
const BUDGET = 256 * MiB;
/** A short pace for the tests that wait for a stall. */
const QUICK: ArrivalPace = { windowMs: 300, minBytesPerWindow: 1024 };
const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

const sink = {
  writeSpanColumns: async () => undefined,
  writeLogColumns: async () => undefined,
  writeMetrics: async () => undefined,
  writeSamples: async () => undefined,
} as unknown as IngestSink;

let budget: IngestBudget;
const closers: (() => void)[] = [];

async function httpReceiver(pace?: ArrivalPace): Promise<number> {
  const server: Server = createServer(
    createOtlpHttpHandler({ sink, budget, maxBodyBytes: MAX_BODY, onError: () => {}, pace }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

async function grpcReceiver(pace?: ArrivalPace): Promise<number> {
  const server: grpc.Server = createOtlpGrpcServer({
    sink,
    budget,
    maxBodyBytes: MAX_BODY,
    onError: () => {},
    pace,
  });
  closers.push(() => server.forceShutdown());
  return bindGrpc(server, '127.0.0.1', 0);
}

let httpPort: number;
let quickHttpPort: number;
let grpcPort: number;
let quickGrpcPort: number;

before(async () => {
  budget = createIngestBudget(BUDGET);
  [httpPort, quickHttpPort, grpcPort, quickGrpcPort] = await Promise.all([
    httpReceiver(),
    httpReceiver(QUICK),
    grpcReceiver(),
    grpcReceiver(QUICK),
  ]);
});

after(() => {
  for (const close of closers) close();
});

/** A raw upload: the headers of a `declared`-byte protobuf metrics POST, then `sent` bytes. */
function idleUpload(port: number, declared: number, sent = 0) {
  const socket: Socket = connectTcp(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (data) => {
    answer += data.toString('latin1');
  });
  socket.on('error', () => undefined);
  socket.write(
    `POST /v1/metrics HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${declared}\r\n\r\n`,
  );
  if (sent > 0) socket.write(Buffer.alloc(sent, 0x0a));
  const closed = once(socket, 'close');
  return { answer: () => answer, closed, destroy: () => socket.destroy() };
}

/** A small OTLP/JSON trace export; its status. */
function smallExport(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('{"resourceSpans":[]}');
  });
}

/** `count` gRPC Export streams that send their headers and `data`, and are never ended. */
function openStreams(port: number, count: number, data?: Buffer) {
  const session = connect(`http://127.0.0.1:${port}`);
  session.on('error', () => undefined);
  const streams: ClientHttp2Stream[] = [];
  const statuses = Array.from({ length: count }, () => {
    const stream = session.request(
      {
        ':method': 'POST',
        ':path': TRACE_EXPORT,
        'content-type': 'application/grpc',
        te: 'trailers',
      },
      { endStream: false },
    );
    streams.push(stream);
    if (data) stream.write(data);
    stream.on('error', () => undefined);
    return new Promise<{ status: string; message: string }>((resolve) => {
      let status = '';
      let message = '';
      const take = (headers: Record<string, unknown>) => {
        status = String(headers['grpc-status'] ?? status);
        message = String(headers['grpc-message'] ?? message);
      };
      stream.on('response', take);
      stream.on('trailers', take);
      stream.resume();
      stream.on('close', () => resolve({ status, message: decodeURIComponent(message) }));
    });
  });
  return { statuses, close: () => session.destroy() };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i += 1) await sleep(10);
  assert.ok(condition(), what);
}

describe('idle and slow uploads', () => {
  test('an idle POST declaring 16 MiB of protobuf metrics holds nothing; others are served', async () => {
    const idle = idleUpload(httpPort, MAX_BODY);
    try {
      await sleep(100);
      assert.equal(budget.heldBytes, 0, 'declared bytes that have not arrived are not held');
      const status = await smallExport(httpPort);
      assert.equal(status, 200);
      assert.equal(idle.answer(), '', 'answered while the idle upload is still open');
    } finally {
      idle.destroy();
    }
  });

  test('a body that stops arriving gets 408 after the pace window, its connection closed, nothing held', {
    timeout: 20_000,
  }, async () => {
    // 600 bytes of the declared 16 MiB, then nothing: held until the stall, then released.
    const idle = idleUpload(quickHttpPort, MAX_BODY, 600);
    await until(() => budget.heldBytes > 0, 'holds what has arrived');
    assert.ok(budget.heldBytes < 4096, `holds ${budget.heldBytes}: what arrived, not 16 MiB`);
    await idle.closed;
    assert.match(idle.answer(), /^HTTP\/1\.1 408 /);
    assert.match(idle.answer(), /the body stopped arriving/);
    assert.equal(budget.heldBytes, 0);
  });

  test('8 gRPC streams that send only headers hold nothing; OTLP/HTTP exports get 200', async () => {
    const streams = openStreams(grpcPort, 8);
    try {
      await sleep(200);
      assert.equal(budget.heldBytes, 0);
      assert.equal(await smallExport(httpPort), 200);
    } finally {
      streams.close();
    }
  });

  const stalls = [
    { name: 'only headers', data: undefined, details: /stopped arriving/ },
    // A length prefix of 1 MiB, then 100 bytes of the message.
    {
      name: 'part of a message',
      data: Buffer.concat([Buffer.from([0, 0, 0x10, 0, 0]), Buffer.alloc(100, 0x0a)]),
      details: /stopped arriving/,
      holds: true,
    },
    // A whole (empty) message, and the stream left open.
    {
      name: 'a message',
      data: Buffer.from([0, 0, 0, 0, 0]),
      details: /not ended after its message/,
    },
  ];
  for (const { name, data, details, holds } of stalls) {
    test(`gRPC streams that send ${name} and stall get DEADLINE_EXCEEDED, releasing what they held`, {
      timeout: 20_000,
    }, async () => {
      const streams = openStreams(quickGrpcPort, 3, data);
      try {
        if (holds) await until(() => budget.heldBytes > 0, 'holds what has arrived');
        const outcomes = await Promise.all(streams.statuses);
        for (const outcome of outcomes) {
          assert.equal(outcome.status, '4', 'DEADLINE_EXCEEDED');
          assert.match(outcome.message, details);
        }
        assert.equal(budget.heldBytes, 0);
      } finally {
        streams.close();
      }
    });
  }
});
