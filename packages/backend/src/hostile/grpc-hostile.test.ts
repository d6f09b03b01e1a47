import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { type HostileBackend, startHostileBackend } from './hostile-backend.js';
import { hostileAgent, send } from './hostile-client.js';

const TRACES = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const bytes = (buffer: Buffer) => buffer;

let lab: HostileBackend;
let client: grpc.Client;
before(async () => {
  lab = await startHostileBackend(['--max-body', '1MiB']);
  client = new grpc.Client(lab.grpcAddress, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
});
after(async () => {
  client?.close();
  hostileAgent.destroy();
  await lab?.backend.stop();
});

/** One raw unary call, with a 2 s deadline: its status code and details. */
function call(method: string, body: Buffer): Promise<{ code: number; details: string }> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      method,
      bytes,
      bytes,
      body,
      new grpc.Metadata(),
      { deadline: Date.now() + 2000 },
      (error) => resolve({ code: error?.code ?? grpc.status.OK, details: error?.details ?? '' }),
    );
  });
}

const CASES: { name: string; method: string; body: Buffer; code: number }[] = [
  { name: 'an empty request', method: TRACES, body: Buffer.alloc(0), code: grpc.status.OK },
  {
    name: 'protobuf garbage',
    method: TRACES,
    body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]),
    code: grpc.status.INVALID_ARGUMENT,
  },
  {
    name: 'a field of the wrong wire type',
    method: TRACES,
    body: Buffer.from([0x0d, 1, 2, 3, 4]),
    code: grpc.status.INVALID_ARGUMENT,
  },
  {
    name: 'a message past --max-body',
    method: TRACES,
    body: Buffer.alloc(2 * 1024 * 1024, 0x0a),
    code: grpc.status.RESOURCE_EXHAUSTED,
  },
  {
    name: 'an unknown method',
    method: '/opentelemetry.proto.collector.trace.v1.TraceService/Delete',
    body: Buffer.alloc(0),
    code: grpc.status.UNIMPLEMENTED,
  },
  {
    name: 'a path that is no service',
    method: '/%E0/constructor',
    body: Buffer.alloc(0),
    code: grpc.status.UNIMPLEMENTED,
  },
];

for (const hostile of CASES) {
  test(`OTLP/gRPC, ${hostile.name}: answered within 2 s, the backend ready after it`, async () => {
    const answer = await call(hostile.method, hostile.body);
    assert.notEqual(answer.code, grpc.status.DEADLINE_EXCEEDED, 'no answer within 2 s');
    assert.equal(answer.code, hostile.code, answer.details);
    const ready = await send(lab.queryUrl, { path: '/-/ready' });
    assert.equal(ready.status, 200);
  });
}
