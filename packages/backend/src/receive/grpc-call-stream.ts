import type { ServerHttp2Stream } from 'node:http2';
import type * as grpc from '@grpc/grpc-js';

/**
 * The HTTP/2 stream under a server call: the one use of grpc-js internals in the backend, kept
 * here. Why: grpc-js reads a whole message before any interceptor or handler sees it and gives
 * no public hook on its DATA frames, so without the stream the ingest budget could neither count
 * a message's bytes as they arrive nor end a stream that sends only headers or stalls part way.
 * How: in @grpc/grpc-js 1.14.7 (the version package.json pins) the call the first server
 * interceptor receives is a BaseServerInterceptingCall, which keeps the stream in its private
 * `stream` field. Undefined when it is not there; grpc-call-stream.test.ts fails then, so an
 * upgrade that moves it is seen before it ships.
 */
export function http2StreamOf(
  call: grpc.ServerInterceptingCallInterface,
): ServerHttp2Stream | undefined {
  const stream = (call as unknown as { stream?: Partial<ServerHttp2Stream> }).stream;
  return typeof stream?.prependListener === 'function' && typeof stream.close === 'function'
    ? (stream as ServerHttp2Stream)
    : undefined;
}
