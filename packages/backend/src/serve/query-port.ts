/**
 * The query port's request handler: the access gate, then each API in turn, all inside one error
 * boundary that answers in the shape of the API a path belongs to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { withErrorBoundary } from './error-boundary.js';
import { sendApiError } from './error-shape.js';

/** An API's handler: resolves true when the path was its own and it answered. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface QueryPortOptions {
  /** Tried in order; the first that resolves true has answered. */
  routes: readonly RouteHandler[];
  /** Answers what no route took (the probes, /api/status, 404s). */
  fallback: (request: IncomingMessage, response: ServerResponse) => unknown;
  /** The access gate beyond loopback: false when it has answered (401, or the token redirect). */
  gate?: (request: IncomingMessage, response: ServerResponse) => boolean;
  log: (message: string) => void;
}

export function createQueryPortHandler(options: QueryPortOptions) {
  return withErrorBoundary(
    async (request: IncomingMessage, response: ServerResponse) => {
      if (options.gate && !options.gate(request, response)) return;
      for (const route of options.routes) if (await route(request, response)) return;
      await options.fallback(request, response);
    },
    { answer: sendApiError, log: options.log },
  );
}
