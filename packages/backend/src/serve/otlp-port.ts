/** The OTLP/HTTP port's request handler inside the error boundary, failures as OTLP Status. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeRpcStatus, RpcCode } from '@otel-lab/otlp';
import { type RequestHandler, withErrorBoundary } from './error-boundary.js';
import { mediaTypeOf } from './media-type.js';

/** A google.rpc.Status in the request's encoding, as OTLP/HTTP answers failures. */
function sendOtlpStatus(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  message: string,
): void {
  const protobuf = mediaTypeOf(request.headers['content-type']) === 'application/x-protobuf';
  const code = status < 500 ? RpcCode.INVALID_ARGUMENT : RpcCode.INTERNAL;
  response.writeHead(status, {
    'content-type': protobuf ? 'application/x-protobuf' : 'application/json',
  });
  response.end(encodeRpcStatus(code, message, protobuf ? 'protobuf' : 'json'));
}

export function createOtlpPortHandler(handler: RequestHandler, log: (message: string) => void) {
  return withErrorBoundary(handler, { answer: sendOtlpStatus, log });
}
