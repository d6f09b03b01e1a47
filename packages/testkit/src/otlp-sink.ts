import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';

export type Signal = 'traces' | 'metrics' | 'logs';

/** One export request as the sink received it. */
export interface ReceivedExport {
  signal: Signal;
  transport: 'http' | 'grpc';
  contentType: string;
  bytes: number;
  /** Parsed body for OTLP/JSON; undefined for protobuf, which the sink only counts. */
  json?: unknown;
}

export interface OtlpSink {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (http/protobuf and http/json). */
  httpUrl: string;
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT with the grpc protocol. */
  grpcUrl: string;
  received: ReceivedExport[];
  /** Resolves once `predicate` holds for what was received, or rejects after `timeoutMs`. */
  waitFor(predicate: (received: ReceivedExport[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const SIGNAL_BY_PATH: Record<string, Signal> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};

const GRPC_SERVICES: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

/**
 * A stand-in OTLP receiver for tests and benchmarks: accepts OTLP/HTTP (JSON and protobuf) and
 * OTLP/gRPC on loopback ports the OS picks, answers success, and records every request.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  const received: ReceivedExport[] = [];
  const waiters = new Set<() => void>();
  const record = (entry: ReceivedExport) => {
    received.push(entry);
    for (const wake of waiters) wake();
  };

  const http: Server = createServer(async (request, response) => {
    const signal = SIGNAL_BY_PATH[request.url ?? ''];
    const body = await readBody(request);
    if (request.method !== 'POST' || !signal) {
      response.writeHead(404).end();
      return;
    }
    const contentType = request.headers['content-type'] ?? '';
    const isJson = contentType.startsWith('application/json');
    record({
      signal,
      transport: 'http',
      contentType,
      bytes: body.length,
      json: isJson ? JSON.parse(body.toString('utf8')) : undefined,
    });
    response.writeHead(200, { 'content-type': isJson ? 'application/json' : contentType });
    response.end(isJson ? '{}' : Buffer.alloc(0));
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');

  const grpcServer = new grpc.Server();
  const identity = (buffer: Buffer) => buffer;
  for (const [signal, path] of Object.entries(GRPC_SERVICES) as [Signal, string][]) {
    grpcServer.addService(
      {
        Export: {
          path,
          requestStream: false,
          responseStream: false,
          requestSerialize: identity,
          requestDeserialize: identity,
          responseSerialize: identity,
          responseDeserialize: identity,
        },
      },
      {
        Export: (
          call: grpc.ServerUnaryCall<Buffer, Buffer>,
          callback: grpc.sendUnaryData<Buffer>,
        ) => {
          record({
            signal,
            transport: 'grpc',
            contentType: 'application/grpc',
            bytes: call.request.length,
          });
          // An empty message is a valid Export*ServiceResponse: full success.
          callback(null, Buffer.alloc(0));
        },
      },
    );
  }
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );

  return {
    httpUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    received,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `OTLP sink: condition not met within ${timeoutMs} ms (${received.length} exports received)`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
    },
  };
}
