import * as grpc from '@grpc/grpc-js';
import { encodeExportResponse, OtlpDecodeError, type Signal } from '@otel-lab/otlp';
import { QueueFullError } from '../storage/write-queue.js';
import type { ArrivalPace } from './arrival-pace.js';
import { type IngestTarget, ingest } from './ingest.js';
import type { IngestBudget } from './ingest-budget.js';
import { type IngestObserver, observedTarget, refusalOf } from './ingest-observer.js';
import { createBudgetInterceptor, retryLater } from './otlp-grpc-budget.js';

const SERVICES: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

/** Streams one connection may have open at once (Go's HTTP/2 server allows 250, nginx 128). */
const MAX_CONCURRENT_STREAMS = 100;

export interface OtlpGrpcOptions extends IngestTarget {
  /** The largest message accepted; larger ones get RESOURCE_EXHAUSTED before any decoding. */
  maxBodyBytes: number;
  onError: (error: unknown) => void;
  /** The process's ingest memory budget (shared with the other receivers); none when absent. */
  budget?: IngestBudget;
  /** How fast a message must arrive (arrival-pace.ts); BODY_PACE when absent. */
  pace?: ArrivalPace;
  /** Told what each call stored and refused (the backend's /metrics). */
  observer?: IngestObserver;
}

/**
 * The OTLP/gRPC Export services. Messages stay bytes until our own decoders read them, so the
 * gRPC path shares the HTTP path's validation, partialSuccess and limits.
 */
export function createOtlpGrpcServer(options: OtlpGrpcOptions): grpc.Server {
  const signals = new Map(
    Object.entries(SERVICES).map(([signal, path]) => [path, signal as Signal]),
  );
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxBodyBytes,
    // Each stream costs a few KB that no budget counts (its state in Node and grpc-js), for up
    // to a pace window when it sends nothing: a bound per connection.
    'grpc.max_concurrent_streams': MAX_CONCURRENT_STREAMS,
    interceptors: options.budget
      ? [
          createBudgetInterceptor(
            options.budget,
            options.maxBodyBytes,
            (path) => signals.get(path),
            options.pace,
          ),
        ]
      : [],
  });
  // A large message stays in the buffer grpc-js joined its frames into, after the 5-byte
  // message header: the decoder takes that buffer without a copy.
  const bytes = (buffer: Buffer) => buffer;
  const target = observedTarget(options, 'grpc', options.observer);
  for (const [signal, path] of Object.entries(SERVICES) as [Signal, string][]) {
    server.addService(
      {
        Export: {
          path,
          requestStream: false,
          responseStream: false,
          requestSerialize: bytes,
          requestDeserialize: bytes,
          responseSerialize: bytes,
          responseDeserialize: bytes,
        },
      },
      {
        Export: (
          call: grpc.ServerUnaryCall<Buffer, Buffer>,
          callback: grpc.sendUnaryData<Buffer>,
        ) => {
          void (async () => {
            try {
              const decoded = await ingest(target, signal, 'protobuf', call.request);
              options.observer?.rejected(signal, 'grpc', decoded.rejected);
              const answer = encodeExportResponse(
                signal,
                decoded.rejected,
                decoded.rejectionReason,
                'protobuf',
              );
              callback(null, Buffer.from(answer));
            } catch (error) {
              options.observer?.refused(signal, 'grpc', refusalOf(error));
              if (error instanceof OtlpDecodeError) {
                callback({ code: grpc.status.INVALID_ARGUMENT, details: error.message });
              } else if (error instanceof QueueFullError) {
                callback(retryLater(error.message));
              } else {
                options.onError(error);
                callback(retryLater('storage failed; retry later'));
              }
            }
          })().catch(() => {
            // Only a throwing onError lands here: the call still gets its answer, and no
            // rejection is left unhandled to end the process.
            callback({ code: grpc.status.INTERNAL, details: 'internal error' });
          });
        },
      },
    );
  }
  return server;
}

/** Binds `server` and resolves with the port, or rejects with a message naming the port. */
export function bindGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(new Error(`cannot listen for OTLP/gRPC on ${address}: ${error.message}`));
      else resolve(bound);
    }),
  );
}
