/**
 * The query port's one route table. Each API registers its routes in one function, as
 * Prometheus's `api.Register(router)` does (`registerPrometheusApi(router, …)`,
 * `registerJaegerApi(router, …)`, …); main.ts calls them all on one router, and query-port.ts
 * puts the port's checks (Host, token, percent-escapes, the error boundary) around it.
 *
 * Why find-my-way (9.10.1, Fastify's router), measured on this 2-core machine (docs/benchmarks.md,
 * "Query routing"): a lookup in a table of the port's 36 routes costs ~0.2 µs, Hono's
 * RegExpRouter ~0.1 µs, its TrieRouter ~0.5 µs, all nothing beside a query. End to end, on our
 * handlers over one store, Hono's Node adapter cost more CPU per request (build info 318 µs
 * against 268, an instant query 1,887 against 1,684): it builds a web Request for every request,
 * and our handlers write to Node's ServerResponse and stream big answers with backpressure, so
 * each route would also need the RESPONSE_ALREADY_SENT bridge. find-my-way works on Node's
 * request and response as they are, and ranks routes as the APIs need: a static path before a
 * parameter before a wildcard, so an API's catch-all (`/api/v1/*`, 404 in Prometheus's shape)
 * never hides one of its routes. Against the handler chain it replaced, the same CPU per request.
 *
 * How a route matches, kept as the hand-written matchers had it:
 * - the path is WHATWG URL's (request-target.ts), escapes as sent: `/api/v1/%71uery` is not
 *   `/api/v1/query`, and a parameter reaches its handler undecoded, for the API to decode with
 *   its own error answer (Jaeger reads `+` as a space, Prometheus does not);
 * - a parameter is never empty: `/api/traces/` is an unknown path of the Jaeger API, not a trace;
 * - other methods on a known path are 405 with Allow in the API's shape; HEAD is served only
 *   where a route lists it.
 *
 * Registering an API (the Loki API, say, whose handlers are `(request, response, params)`):
 *
 *   export function registerLokiApi(router: QueryRouter, options: LokiApiOptions): void {
 *     const loki = router.api('loki');
 *     loki.namespace('/loki/api/'); // what no route under it takes: 404 in Loki's shape
 *     loki.on(['GET', 'POST'], '/loki/api/v1/query_range', queryRange);
 *     loki.on(['GET'], '/loki/api/v1/label/:name/values', labelValues); // params.name as sent
 *     loki.on(['GET'], '/ready', ready);
 *   }
 *
 * then add 'loki' to QueryApi in error-shape.ts with its error body (Loki's is plain text), call
 * registerLokiApi in main.ts beside the others, and add its paths to query-routes.test.ts. A
 * handler may return a promise; what it throws or rejects is the error boundary's 500 in its
 * API's shape. `api(name, before)` runs `before` ahead of each of the API's routes and under its
 * namespace, as Prometheus's CORS does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import { type QueryApi, sendApiError, sendMethodNotAllowed, setRequestApi } from './error-shape.js';
import { pathOf } from './request-target.js';

/** A route's path parameters, by name, as written in the path (not decoded). */
export type RouteParams = Readonly<Record<string, string | undefined>>;

export type Route = (
  request: IncomingMessage,
  response: ServerResponse,
  params: RouteParams,
) => unknown;

/** Runs before each of its API's routes; true when it has answered the request itself. */
export type ApiMiddleware = (request: IncomingMessage, response: ServerResponse) => boolean;

/** What one API registers. */
export interface ApiRoutes {
  /** `handler` answers `methods` on `path` (`/api/traces/:id`); other methods get 405. */
  on(methods: readonly string[], path: string, handler: Route): void;
  /** Paths under `prefix` (ending in `/`) that no route takes: 404 in this API's shape. */
  namespace(prefix: string): void;
}

/** A request's route: its API, whether it is a route or only the API's namespace, its answer. */
export interface RouteMatch {
  api: QueryApi;
  /** False for a path that only falls under an API's namespace (its 404). */
  known: boolean;
  /** The route as registered (`/api/traces/:id`, `/api/v1/*`): a bounded name for metrics. */
  pattern: string;
  before?: ApiMiddleware;
  answer(request: IncomingMessage, response: ServerResponse): unknown;
}

export interface QueryRouter {
  api(name: QueryApi, before?: ApiMiddleware): ApiRoutes;
  /** The route of `method` on `path` (as pathOf reads it); undefined when no API has it. */
  find(method: string, path: string): RouteMatch | undefined;
}

/** What find-my-way keeps beside each route. */
interface RouteStore {
  api: QueryApi;
  pattern: string;
  before?: ApiMiddleware;
  methods?: readonly string[];
  handler?: Route;
}

/** 404 in the shape of the API the path falls under. */
export function sendNoRoute(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  sendApiError(request, response, 404, `no route for ${pathOf(request)}`);
}

/** Parameters are never empty, as the matchers before this router took them (`[^/]+`). */
function hasEmptyParam(params: Record<string, string | undefined>): boolean {
  for (const key in params) if (params[key] === '') return true;
  return false;
}

const NO_QUERY = {};

/**
 * Every route is filed under this one method and every request looked up under it: the route's
 * own methods then answer or 405. (Filed under all of find-my-way's 34 methods, as `all` does, the
 * table cost ~200 ms of the backend's start, for no lookup it answers differently.)
 */
const TABLE_METHOD = 'GET';

export function createQueryRouter(): QueryRouter {
  const router = FindMyWay({
    // Long enough for any segment of a request line Node accepts (http-server.ts's 64 KiB).
    maxParamLength: 64 * 1024,
    // The path comes without its query; routes read the query themselves.
    querystringParser: () => NO_QUERY,
  });
  return {
    api(api, before) {
      return {
        on(methods, path, handler) {
          const store: RouteStore = { api, pattern: path, before, methods, handler };
          router.on(TABLE_METHOD, path, () => {}, store);
        },
        namespace(prefix) {
          const pattern = `${prefix}*`;
          router.on(TABLE_METHOD, pattern, () => {}, { api, pattern, before } satisfies RouteStore);
        },
      };
    },
    find(method, path) {
      // find-my-way decodes escapes before it matches; `%25` keeps each one as it was sent.
      const found = router.find(
        TABLE_METHOD,
        path.includes('%') ? path.replaceAll('%', '%25') : path,
      );
      if (found === null) return undefined;
      const { api, pattern, before, methods, handler } = found.store as RouteStore;
      if (!handler || !methods || hasEmptyParam(found.params)) {
        return { api, known: false, pattern, before, answer: sendNoRoute };
      }
      const params = found.params;
      return {
        api,
        known: true,
        pattern,
        before,
        answer: methods.includes(method)
          ? (request, response) => handler(request, response, params)
          : (request, response) => sendMethodNotAllowed(request, response, methods),
      };
    },
  };
}

/**
 * The routes `register` makes, alone, as a handler that resolves false for any path that is not
 * one of them (an API's namespace only runs its middleware): how tests serve a single API.
 */
export function routeHandlerOf(register: (router: QueryRouter) => void) {
  const router = createQueryRouter();
  register(router);
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const match = router.find(request.method ?? '', pathOf(request));
    if (!match) return false;
    setRequestApi(request, match.api);
    if (match.before?.(request, response)) return true;
    if (!match.known) return false;
    await match.answer(request, response);
    return true;
  };
}
