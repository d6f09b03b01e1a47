/**
 * The OTLP/HTTP port's request handler: a browser page's request from an origin outside
 * --cors-origins is refused, then the receiver runs inside the error boundary, failures as OTLP
 * Status.
 *
 * The port checks Origin, not Host. Exporters send the Host they were configured with: a LAN
 * name, an address, a Docker or Kubernetes service name (otel-lab:4318), host.docker.internal;
 * an allow-list of names would refuse telemetry from setups that work with the Collector, which
 * checks no Host either. What a Host check would stop is a DNS-rebinding page posting telemetry
 * (it reads nothing here: the port is write-only). A browser sends Origin with every POST, its own
 * site's included, and a rebound page's origin is the attacker's site, outside --cors-origins; so
 * refusing those closes rebinding and cross-site form posts alike, while SDKs and collectors,
 * which send no Origin, are untouched. A page on an allowed origin needs the CORS grant anyway.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeRpcStatus, RpcCode } from '@otel-lab/otlp';
import { createOriginMatcher, LOOPBACK_ORIGINS } from './cors-origins.js';
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
  const code =
    status === 403
      ? RpcCode.PERMISSION_DENIED
      : status < 500
        ? RpcCode.INVALID_ARGUMENT
        : RpcCode.INTERNAL;
  response.writeHead(status, {
    'content-type': protobuf ? 'application/x-protobuf' : 'application/json',
  });
  response.end(encodeRpcStatus(code, message, protobuf ? 'protobuf' : 'json'));
}

/** `corsOrigins` are --cors-origins, the pages whose browsers may send (default: loopback). */
export function createOtlpPortHandler(
  handler: RequestHandler,
  log: (message: string) => void,
  corsOrigins: readonly string[] = LOOPBACK_ORIGINS,
) {
  const allows = createOriginMatcher(corsOrigins);
  return withErrorBoundary(
    (request, response) => {
      const origin = request.headers.origin;
      // A preflight is the receiver's to answer: without the CORS grant the browser sends nothing.
      if (origin === undefined || request.method === 'OPTIONS' || allows(origin)) {
        return handler(request, response);
      }
      request.resume();
      response.setHeader('vary', 'origin');
      sendOtlpStatus(
        request,
        response,
        403,
        `a web page from origin ${JSON.stringify(origin)} may not send telemetry: only pages on --cors-origins (env OTEL_LAB_CORS_ORIGINS) may; SDKs and collectors send no Origin and are not affected`,
      );
    },
    { answer: sendOtlpStatus, log },
  );
}
