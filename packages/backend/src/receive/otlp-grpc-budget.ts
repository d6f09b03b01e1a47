import * as grpc from '@grpc/grpc-js';
import { encodeRpcStatus, type Signal } from '@otel-lab/otlp';
import { type IngestBudget, IngestBudgetError, type Reservation } from './ingest-budget.js';
import { requestBytes } from './request-memory.js';

/** Seconds a throttled client is asked to wait before retrying. */
const RETRY_DELAY_S = 1;

/**
 * UNAVAILABLE with a RetryInfo in the status details, as OTLP/gRPC's throttling section asks of a
 * server that cannot keep up (RESOURCE_EXHAUSTED is retried only with RetryInfo, and UNAVAILABLE
 * is retryable in every client, so UNAVAILABLE it is).
 */
export function retryLater(details: string): grpc.StatusObject {
  const metadata = new grpc.Metadata();
  metadata.set(
    'grpc-status-details-bin',
    Buffer.from(encodeRpcStatus(grpc.status.UNAVAILABLE, details, 'protobuf', RETRY_DELAY_S)),
  );
  return { code: grpc.status.UNAVAILABLE, details, metadata };
}

/**
 * Counts every OTLP/gRPC call against the ingest budget. grpc-js reads a whole message before
 * the handler runs and no header gives its size, so a call reserves what grpc-js may hold for a
 * message of `maxMessageBytes` (its frames, and the message they are joined into) when its
 * headers arrive, before a byte of the message is read; past
 * the budget it is refused there, and its stream, still paused, is flushed rather than read.
 * Once the message is in, the reservation becomes what the decoded request needs, which may
 * refuse it then. It is released when the handler answers, or when the client cancels before
 * the message reached the handler.
 */
export function createBudgetInterceptor(
  budget: IngestBudget,
  maxMessageBytes: number,
  signalOf: (path: string) => Signal | undefined,
): grpc.ServerInterceptor {
  return (method, call) => {
    const signal = signalOf(method.path);
    let reservation: Reservation | undefined;
    let handedOver = false;
    const refuse = (error: unknown) => {
      reservation?.release();
      if (!(error instanceof IngestBudgetError)) throw error;
      call.sendStatus(retryLater(error.message));
    };
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            if (!signal) return nextMetadata(metadata);
            try {
              reservation = budget.reserve(2 * maxMessageBytes);
            } catch (error) {
              return refuse(error);
            }
            nextMetadata(metadata);
          },
          onReceiveMessage: (message: Buffer, nextMessage) => {
            if (signal && reservation) {
              const needed = requestBytes(signal, 'protobuf', message.length);
              try {
                reservation.shrinkTo(needed);
                reservation.growTo(needed);
              } catch (error) {
                return refuse(error);
              }
            }
            handedOver = true;
            nextMessage(message);
          },
          onCancel: () => {
            if (!handedOver) reservation?.release();
          },
        }),
      // The handler answers with a message (then the status) or an error status; a cancelled
      // call sends no status after its message, so either one ends the reservation.
      sendMessage: (message, next) => {
        reservation?.release();
        next(message);
      },
      sendStatus: (status, next) => {
        reservation?.release();
        next(status);
      },
    });
  };
}
