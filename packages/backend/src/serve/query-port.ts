/**
 * The query port's request handler: the Host check, the access gate, then each API in turn, all
 * inside one error boundary that answers in the shape of the API a path belongs to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasMalformedTokenCookie, OPEN_PATHS } from '../access/access-token.js';
import { MALFORMED_ENCODING, withErrorBoundary } from './error-boundary.js';
import { sendApiError } from './error-shape.js';
import { type HostPolicy, refusedHost } from './host-policy.js';
import { hasMalformedEscape } from './percent-encoding.js';
import { pathOf, queryOf } from './request-target.js';

/** An API's handler: resolves true when the path was its own and it answered. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface QueryPortOptions {
  /** Tried in order; the first that resolves true has answered. */
  routes: readonly RouteHandler[];
  /** Answers what no route took (the probes, /api/status, 404s). */
  fallback: (request: IncomingMessage, response: ServerResponse) => unknown;
  /** The access gate beyond loopback: false when it has answered (401, or the token redirect). */
  gate?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /** Where no gate guards the port: the names requests must carry in Host (host-policy.ts). */
  hosts?: HostPolicy;
  log: (message: string) => void;
}

export function createQueryPortHandler(options: QueryPortOptions) {
  return withErrorBoundary(
    async (request: IncomingMessage, response: ServerResponse) => {
      // Probes stay open to any Host, as they stay open without the token: they tell nothing.
      if (options.hosts && !OPEN_PATHS.has(pathOf(request))) {
        const refusal = refusedHost(request, options.hosts);
        if (refusal) {
          request.resume();
          sendApiError(request, response, refusal.status, refusal.message);
          return;
        }
      }
      if (options.gate && !options.gate(request, response)) return;
      if (hasMalformedEscape(queryOf(request.url ?? '')) || hasMalformedTokenCookie(request)) {
        request.resume();
        sendApiError(request, response, 400, MALFORMED_ENCODING);
        return;
      }
      for (const route of options.routes) if (await route(request, response)) return;
      await options.fallback(request, response);
    },
    { answer: sendApiError, log: options.log },
  );
}
