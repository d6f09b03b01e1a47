import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { encodeRpcStatus } from '@otel-lab/otlp';
import type { IngestSink } from './ingest.js';
import { createIngestBudget, type IngestBudget } from './ingest-budget.js';
import { bindGrpc, createOtlpGrpcServer } from './otlp-grpc.js';
import { requestBytes } from './request-memory.js';

const MAX_MESSAGE = 64 * 1024;
const BUDGET = 256 * 1024;

/** An ExportTraceServiceRequest of `count` spans with 1 KB of attribute each. */
async function traceRequest(count: number): Promise<Buffer> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'budget' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  for (let i = 0; i < count; i += 1) {
    tracer.startSpan(`op-${i}`, { attributes: { pad: 'x'.repeat(1000) } }).end();
  }
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans()) ?? []);
}

let gate = Promise.resolve();
let openGate: () => void = () => undefined;
let stored = 0;
const sink = {
  async writeSpanColumns(columns: { count: number }) {
    await gate;
    stored += columns.count;
  },
} as unknown as IngestSink;

let budget: IngestBudget;
let server: grpc.Server;
let client: grpc.Client;
let target: string;

before(async () => {
  budget = createIngestBudget(BUDGET);
  server = createOtlpGrpcServer({ sink, budget, maxBodyBytes: MAX_MESSAGE, onError: () => {} });
  const port = await bindGrpc(server, '127.0.0.1', 0);
  target = `127.0.0.1:${port}`;
  client = new grpc.Client(target, grpc.credentials.createInsecure());
});

after(() => {
  client.close();
  server.forceShutdown();
});

interface Outcome {
  code: number;
  details: string;
  statusDetails?: Buffer;
}

function exportTraces(
  body: Buffer,
  via: grpc.Client = client,
): { outcome: Promise<Outcome>; cancel: () => void } {
  let call: grpc.ClientUnaryCall | undefined;
  const outcome = new Promise<Outcome>((resolve) => {
    call = via.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (buffer: Buffer) => buffer,
      (buffer: Buffer) => buffer,
      body,
      (error) => {
        const statusDetails = error?.metadata?.get('grpc-status-details-bin')[0];
        resolve({
          code: error?.code ?? grpc.status.OK,
          details: error?.details ?? '',
          statusDetails: statusDetails as Buffer | undefined,
        });
      },
    );
  });
  return { outcome, cancel: () => call?.cancel() };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i += 1) await sleep(10);
  assert.ok(condition(), what);
}

describe('OTLP/gRPC within the ingest memory budget', () => {
  test('past the budget, a call is UNAVAILABLE with RetryInfo, and holds nothing', async () => {
    const body = await traceRequest(1);
    // Less is free than the message's length prefix says it will need: refused there.
    const held = budget.reserve(BUDGET - requestBytes('traces', 'protobuf', body.length) + 1);
    try {
      const { code, details, statusDetails } = await exportTraces(body).outcome;
      assert.equal(code, grpc.status.UNAVAILABLE);
      assert.match(details, /ingest memory budget full/);
      assert.deepEqual(
        statusDetails,
        Buffer.from(encodeRpcStatus(grpc.status.UNAVAILABLE, details, 'protobuf', 1)),
        'a google.rpc.Status with RetryInfo of 1 s',
      );
      assert.equal(budget.heldBytes, held.bytes);
    } finally {
      held.release();
    }
  });

  test('a call holds what its decoded message needs until it is stored, then nothing', async () => {
    const body = await traceRequest(20);
    gate = new Promise((resolve) => {
      openGate = resolve;
    });
    const before = stored;
    const { outcome } = exportTraces(body);
    const needed = requestBytes('traces', 'protobuf', body.length);
    await until(() => budget.heldBytes === needed, `holds ${needed}, not the message limit`);
    openGate();
    assert.equal((await outcome).code, grpc.status.OK);
    assert.equal(stored - before, 20);
    assert.equal(budget.heldBytes, 0);
  });

  test('a message whose decoded form does not fit is refused once read, and released', async () => {
    const body = await traceRequest(55);
    const needed = requestBytes('traces', 'protobuf', body.length);
    assert.ok(needed > 2 * MAX_MESSAGE, 'the decoded form needs more than the message');
    // Room for the message limit, not for what the decoded message needs.
    const held = budget.reserve(BUDGET - needed + 1);
    try {
      const { code } = await exportTraces(body).outcome;
      assert.equal(code, grpc.status.UNAVAILABLE);
      assert.equal(budget.heldBytes, BUDGET - needed + 1);
    } finally {
      held.release();
    }
  });

  test('a gzip-compressed message is stored, then nothing is held', async () => {
    const gzipClient = new grpc.Client(target, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip,
    });
    try {
      const before = stored;
      const { code } = await exportTraces(await traceRequest(10), gzipClient).outcome;
      assert.equal(code, grpc.status.OK);
      assert.equal(stored - before, 10);
      assert.equal(budget.heldBytes, 0);
    } finally {
      gzipClient.close();
    }
  });

  test('a call the client cancels is released once its handler is done', async () => {
    gate = new Promise((resolve) => {
      openGate = resolve;
    });
    const body = await traceRequest(5);
    const { outcome, cancel } = exportTraces(body);
    const needed = requestBytes('traces', 'protobuf', body.length);
    await until(() => budget.heldBytes === needed, 'the message is with the handler');
    cancel();
    assert.equal((await outcome).code, grpc.status.CANCELLED);
    await sleep(50);
    assert.equal(budget.heldBytes, needed, 'still held: the handler still has the batch');
    openGate();
    await until(() => budget.heldBytes === 0, 'released after the write');
  });
});
