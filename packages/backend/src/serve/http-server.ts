/**
 * The backend's HTTP servers, with the time a client may take to send a request bounded: Node's
 * default of 5 minutes let a client that declares a large OTLP body and sends it slowly hold its
 * share of the ingest memory budget (and a connection) that long. A request not whole by then is
 * answered 408 and its connection closed. Sending the answer is not bounded: an export streams
 * for as long as its reader reads.
 *
 * The request line and headers may take 64 KiB, four times Node's default, so that a long GET
 * (3,000 Jaeger tag= filters, a few thousand short match[] selectors) is answered; Prometheus's Go
 * server takes 1 MB. Past it Node answers "431 Request Header Fields Too Large" with no body and
 * closes the connection: the headers are not read, so no handler (and no error shape) sees it.
 */
import { createServer, type RequestListener, type Server } from 'node:http';

export interface RequestTimeouts {
  /** The whole request, headers and body (ms). */
  requestMs: number;
  /** Its headers (ms). */
  headersMs: number;
  /** How often Node checks the two (ms): the timeouts are enforced to within this. */
  checkEveryMs: number;
}

export const REQUEST_TIMEOUTS: RequestTimeouts = {
  requestMs: 60_000,
  headersMs: 20_000,
  checkEveryMs: 5_000,
};

/** The most a request's line and headers may hold, in bytes. */
export const MAX_HEADER_BYTES = 64 * 1024;

export function createHttpServer(
  handler: RequestListener,
  timeouts: RequestTimeouts = REQUEST_TIMEOUTS,
): Server {
  return createServer(
    {
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    handler,
  );
}
