/**
 * The query port's request handler: the route table (query-router.ts) with the port's checks
 * around it, in the order README.md's "What is checked where" gives: the Host check, the access
 * gate, the percent-escapes of the query string and token cookie, then the API's own middleware
 * (Prometheus's CORS) and its route; all inside one error boundary. The route is looked up first
 * (a pure lookup), so that every answer, the checks' too, takes the shape of the API it matched.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasMalformedTokenCookie, OPEN_PATHS } from '../access/access-token.js';
import { MALFORMED_ENCODING, withErrorBoundary } from './error-boundary.js';
import { sendApiError, setRequestApi } from './error-shape.js';
import { type HostPolicy, refusedHost } from './host-policy.js';
import { hasMalformedEscape } from './percent-encoding.js';
import { type QueryRouter, type RouteMatch, sendNoRoute } from './query-router.js';
import { pathOf, queryOf } from './request-target.js';

/** A handler outside the route table: resolves true when the path was its own and it answered. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

type Answer = (request: IncomingMessage, response: ServerResponse) => unknown;

export interface QueryPortOptions {
  /** Every API's routes (main.ts registers them all). */
  router?: QueryRouter;
  /** Tried in order for what no route of `router` takes (the UI); the first true has answered. */
  routes?: readonly RouteHandler[];
  /** Answers what nothing took: 404 in the shape of the API the path falls under by default. */
  fallback?: Answer;
  /** The access gate beyond loopback: false when it has answered (401, or the token redirect). */
  gate?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /** Where no gate guards the port: the names requests must carry in Host (host-policy.ts). */
  hosts?: HostPolicy;
  /**
   * Told of each request as it arrives, with its route's pattern, or `other` outside the route
   * table (the backend's /metrics times them).
   */
  observe?: (request: IncomingMessage, response: ServerResponse, pattern: string) => void;
  log: (message: string) => void;
}

/** The port's checks before any route: true when one of them has answered. */
function refused(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  options: QueryPortOptions,
): boolean {
  // Probes stay open to any Host, as they stay open without the token: they tell nothing.
  if (options.hosts && !OPEN_PATHS.has(path)) {
    const refusal = refusedHost(request, options.hosts);
    if (refusal) {
      request.resume();
      sendApiError(request, response, refusal.status, refusal.message);
      return true;
    }
  }
  if (options.gate && !options.gate(request, response)) return true;
  if (hasMalformedEscape(queryOf(request.url ?? '')) || hasMalformedTokenCookie(request)) {
    request.resume();
    sendApiError(request, response, 400, MALFORMED_ENCODING);
    return true;
  }
  return false;
}

export function createQueryPortHandler(options: QueryPortOptions) {
  const routes = options.routes ?? [];
  const fallback = options.fallback ?? sendNoRoute;
  return withErrorBoundary(
    async (request: IncomingMessage, response: ServerResponse) => {
      const path = pathOf(request);
      const match: RouteMatch | undefined = options.router?.find(request.method ?? '', path);
      // With a route table, a path it has no route for is the native API's (the UI's, its 404).
      if (options.router) setRequestApi(request, match?.api ?? 'native');
      options.observe?.(request, response, match?.pattern ?? 'other');
      if (refused(request, response, path, options)) return;
      if (match) {
        if (!match.before?.(request, response)) await match.answer(request, response);
        return;
      }
      for (const route of routes) if (await route(request, response)) return;
      await fallback(request, response);
    },
    { answer: sendApiError, log: options.log },
  );
}
