import * as grpc from '@grpc/grpc-js';
import {
  type Decoded,
  decodeLogsProtobuf,
  decodeMetricsProtobuf,
  decodeTracesProtobuf,
  encodeExportResponse,
  OtlpDecodeError,
  type Signal,
} from '@otel-lab/otlp';
import { QueueFullError } from '../storage/write-queue.js';
import { applyIngestLimits, DEFAULT_INGEST_LIMITS, type IngestLimits } from './ingest-limits.js';
import type { IngestSink } from './otlp-http.js';

const SERVICES: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const DECODERS: Record<Signal, (bytes: Uint8Array) => Decoded<unknown>> = {
  traces: decodeTracesProtobuf,
  metrics: decodeMetricsProtobuf,
  logs: decodeLogsProtobuf,
};

function store(sink: IngestSink, signal: Signal, items: unknown[]): Promise<void> {
  switch (signal) {
    case 'traces':
      return sink.writeSpans(items as Parameters<IngestSink['writeSpans']>[0]);
    case 'logs':
      return sink.writeLogs(items as Parameters<IngestSink['writeLogs']>[0]);
    case 'metrics':
      return sink.writeMetrics(
        items as Parameters<IngestSink['writeMetrics']>[0],
        BigInt(Date.now()) * 1_000_000n,
      );
  }
}

export interface OtlpGrpcOptions {
  sink: IngestSink;
  /** The largest message accepted; larger ones get RESOURCE_EXHAUSTED before any decoding. */
  maxBodyBytes: number;
  onError: (error: unknown) => void;
  limits?: IngestLimits;
}

/**
 * The OTLP/gRPC Export services. Messages stay bytes until our own decoders read them, so the
 * gRPC path shares the HTTP path's validation, partialSuccess and limits.
 */
export function createOtlpGrpcServer(options: OtlpGrpcOptions): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxBodyBytes,
  });
  const bytes = (buffer: Buffer) => buffer;
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
              const decoded = applyIngestLimits(
                signal,
                DECODERS[signal](call.request),
                options.limits ?? DEFAULT_INGEST_LIMITS,
              );
              if (decoded.items.length > 0) await store(options.sink, signal, decoded.items);
              const answer = encodeExportResponse(
                signal,
                decoded.rejected,
                decoded.rejectionReason,
                'protobuf',
              );
              callback(null, Buffer.from(answer));
            } catch (error) {
              if (error instanceof OtlpDecodeError) {
                callback({ code: grpc.status.INVALID_ARGUMENT, details: error.message });
              } else if (error instanceof QueueFullError) {
                // UNAVAILABLE is retryable for OTLP clients; RESOURCE_EXHAUSTED only with retry info.
                callback({ code: grpc.status.UNAVAILABLE, details: error.message });
              } else {
                options.onError(error);
                callback({ code: grpc.status.UNAVAILABLE, details: 'storage failed; retry later' });
              }
            }
          })();
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
