import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendApiError } from '../serve/error-shape.js';

const COOKIE = 'otel_lab_token';
/** Health probes stay open, as Prometheus keeps them: load balancers and scripts poll them. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(['/-/ready', '/-/healthy', '/ready']);

/** The token to require: OTEL_LAB_TOKEN when set, else a new random one for this run. */
export function accessToken(env: NodeJS.ProcessEnv): string {
  const given = env.OTEL_LAB_TOKEN?.trim();
  return given ? given : randomBytes(16).toString('hex');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The credentials of "Bearer TOKEN", read without a regex that backtracks on long whitespace. */
function bearerToken(header: string): string | undefined {
  if (!/^bearer\s/i.test(header)) return undefined;
  const token = header.slice(7).trim();
  return token === '' ? undefined : token;
}

/** The token cookie's value; null when it is not valid percent-encoding. */
function cookieToken(request: IncomingMessage): string | null | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== COOKIE) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return undefined;
}

/**
 * Whether the request carries this backend's token cookie with a malformed escape: a 400 on any
 * bind, as every malformed escape is. Other cookies are not read: a browser sends this port the
 * cookies of every other localhost port too.
 */
export function hasMalformedTokenCookie(request: IncomingMessage): boolean {
  return cookieToken(request) === null;
}

/**
 * The query port's gate when it listens beyond loopback (as Aspire Dashboard does): a request
 * passes with the token as a bearer header or as the cookie that opening `/?token=…` sets;
 * otherwise 401 says how to get in. Resolves true when the request may go on.
 */
export function createAccessGate(token: string) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (OPEN_PATHS.has(url.pathname)) return true;
    const bearer = bearerToken(request.headers.authorization ?? '');
    if (bearer !== undefined && same(bearer.trim(), token)) return true;
    const cookie = cookieToken(request);
    if (typeof cookie === 'string' && same(cookie, token)) return true;
    const query = url.searchParams.get('token');
    if (query !== null && same(query, token)) {
      // The token leaves the address bar: it becomes a cookie, then the same page without it.
      url.searchParams.delete('token');
      response.writeHead(303, {
        location: `${url.pathname}${url.search}`,
        'set-cookie': `${COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`,
      });
      response.end();
      return false;
    }
    request.resume();
    if (cookie === null) {
      sendApiError(
        request,
        response,
        400,
        `the ${COOKIE} cookie is not valid percent-encoding: open the URL with ?token= that the backend printed at start to set it again`,
      );
      return false;
    }
    sendApiError(
      request,
      response,
      401,
      'this backend listens beyond loopback, so it needs its access token: open the URL with ?token= that it printed at start, or send "Authorization: Bearer TOKEN" (start it with --allow-anonymous to turn this off)',
      { 'www-authenticate': 'Bearer realm="otel-lab"' },
    );
    return false;
  };
}
