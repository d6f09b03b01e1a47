import { constants } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { encodeRpcStatus, type Signal } from '@otel-lab/otlp';
import { type ArrivalPace, type ArrivalWatch, BODY_PACE, watchArrival } from './arrival-pace.js';
import { http2StreamOf } from './grpc-call-stream.js';
import { createMessageArrival } from './grpc-message-arrival.js';
import { type IngestBudget, IngestBudgetError, type Reservation } from './ingest-budget.js';
import { bytesWhileReading, requestBytes } from './request-memory.js';

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
 * Counts every OTLP/gRPC call against the ingest budget by the bytes it really holds, as
 * OTLP/HTTP does. The message's DATA frames are watched as they arrive (before grpc-js's decoder
 * gets them): the call is admitted when the message's length prefix arrives, if what that
 * message will need fits in what is free (refused, its stream reset so the rest is not sent);
 * it then holds what has arrived; a compressed message, whose size is known only once grpc-js
 * has decompressed it, holds what decompressing up to `maxMessageBytes` takes meanwhile; at the
 * end of the stream it holds what the decoded message needs. Any growth may be refused. A
 * message that stops arriving, or trickles slower than `pace` (a stream that sends only its
 * headers too), and a stream not ended right after its message, are ended with
 * DEADLINE_EXCEEDED and hold nothing. Released when the handler answers, or when the call ends
 * before the handler has its message.
 */
export function createBudgetInterceptor(
  budget: IngestBudget,
  maxMessageBytes: number,
  signalOf: (path: string) => Signal | undefined,
  pace: ArrivalPace = BODY_PACE,
): grpc.ServerInterceptor {
  return (method, call) => {
    const signal = signalOf(method.path);
    if (!signal) return new grpc.ServerInterceptingCall(call);
    const stream = http2StreamOf(call);
    const arrival = createMessageArrival();
    let reservation: Reservation | undefined;
    let messageBytes: number | undefined;
    let handedOver = false;
    let halfCloseTimer: NodeJS.Timeout | undefined;
    let watch: ArrivalWatch | undefined;
    const stopWatching = () => {
      watch?.stop();
      clearTimeout(halfCloseTimer);
    };
    const done = () => {
      stopWatching();
      reservation?.release();
    };
    /** Answers before the handler has the message; the reset tells the client to stop sending. */
    const end = (status: grpc.StatusObject) => {
      done();
      call.sendStatus(status);
      stream?.close(constants.NGHTTP2_NO_ERROR);
    };
    const refuse = (error: unknown) => {
      if (!(error instanceof IngestBudgetError)) throw error;
      end(retryLater(error.message));
    };
    const stalled = (details: string) =>
      end({ code: grpc.status.DEADLINE_EXCEEDED, details, metadata: new grpc.Metadata() });
    if (stream) watch = watchArrival(pace, stalled);

    stream?.prependListener('data', (chunk: Buffer) => {
      if (arrival.complete || !watch) return;
      watch.arrived(chunk.length);
      const prefix = arrival.push(chunk);
      // One past --max-body is grpc-js's to refuse, with RESOURCE_EXHAUSTED (not retried).
      if (arrival.prefix === undefined || arrival.prefix.bytes > maxMessageBytes) return;
      try {
        if (prefix) reservation = budget.admit(requestBytes(signal, 'protobuf', prefix.bytes));
        reservation?.growTo(bytesWhileReading(arrival.received));
        if (!arrival.complete) return;
        watch.stop();
        if (arrival.prefix.compressed) {
          reservation?.growTo(
            bytesWhileReading(arrival.received) + bytesWhileReading(maxMessageBytes),
          );
        }
      } catch (error) {
        return refuse(error);
      }
      halfCloseTimer = setTimeout(
        () => stalled('the stream was not ended after its message'),
        pace.windowMs,
      ).unref();
    });

    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message: Buffer, nextMessage) => {
            messageBytes = message.length;
            try {
              // Without the stream (see http2StreamOf) the call is admitted here.
              reservation ??= budget.admit(requestBytes(signal, 'protobuf', messageBytes));
              reservation.shrinkTo(bytesWhileReading(messageBytes));
              reservation.growTo(bytesWhileReading(messageBytes));
            } catch (error) {
              return refuse(error);
            }
            nextMessage(message);
          },
          onReceiveHalfClose: (nextHalfClose) => {
            stopWatching();
            if (reservation && messageBytes !== undefined) {
              try {
                reservation.growTo(requestBytes(signal, 'protobuf', messageBytes));
              } catch (error) {
                return refuse(error);
              }
            }
            handedOver = true;
            nextHalfClose();
          },
          // Every call ends here, answered or not; a handler with the batch keeps its bytes
          // until it answers.
          onCancel: () => {
            if (handedOver) stopWatching();
            else done();
          },
        }),
      // The handler answers with a message (then the status) or an error status; a cancelled
      // call sends no status after its message, so either one ends the reservation.
      sendMessage: (message, next) => {
        done();
        next(message);
      },
      sendStatus: (status, next) => {
        done();
        next(status);
      },
    });
  };
}
