/**
 * The backend's HTTP servers, with the time a client may take to send a request bounded: Node's
 * default of 5 minutes let a client that declares a large OTLP body and sends it slowly hold its
 * share of the ingest memory budget (and a connection) that long. A request not whole by then is
 * answered 408 and its connection closed. Sending the answer is not bounded: an export streams
 * for as long as its reader reads.
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

export function createHttpServer(
  handler: RequestListener,
  timeouts: RequestTimeouts = REQUEST_TIMEOUTS,
): Server {
  return createServer(
    {
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    handler,
  );
}
