/**
 * The parts of a request's target, read one way on both ports. The path is the one the routes
 * see (WHATWG URL's: dot segments resolved, `\` read as `/`, an absolute-form target's authority
 * dropped), so that the Host check, the access gate, the error shape and the route that answers
 * all agree on which path was asked.
 */
import type { IncomingMessage } from 'node:http';

/** The request's path without its query, as the routes parse it; never throws. */
export function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

/** The query string of a request target ('' when it has none), as written. */
export function queryOf(target: string): string {
  const at = target.indexOf('?');
  return at < 0 ? '' : target.slice(at + 1);
}
