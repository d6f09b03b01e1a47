/**
 * CORS on /api/v1/*, as Prometheus's web.cors handling answers it (checked against Prometheus
 * 2.42 on loopback): OPTIONS on any /api/v1 path is a 204 without a body; a request that carries
 * an Origin gets Vary: Origin, the allowed headers, methods and exposed headers, and
 * Access-Control-Allow-Origin only when its origin is granted; one without an Origin gets none
 * of these. Prometheus grants every origin by default (--web.cors.origin=".*"). This backend
 * grants only its own pages: an origin on a host the query port answers to (localhost,
 * 127.0.0.1, [::1], the bound address, --allowed-hosts; any port), the origins whose writes the
 * write guard takes as the backend's own. Another site's page gets no Allow-Origin, so its
 * browser keeps the answer from it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostnameOf } from '../../serve/host-header.js';
import type { HostPolicy } from '../../serve/host-policy.js';

const HEADERS = {
  'access-control-allow-headers': 'Accept, Authorization, Content-Type, Origin',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-expose-headers': 'Date',
  vary: 'Origin',
};

/** Whether a page of `origin` may read the answer. */
function granted(origin: string, request: IncomingMessage, hosts: HostPolicy | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.host === (request.headers.host ?? '').toLowerCase()) return true;
  const name = hostnameOf(url.host);
  return name !== undefined && (hosts?.allows(name) ?? false);
}

/**
 * Sets the CORS headers of a request that has an Origin; answers an OPTIONS request (true) or
 * leaves the request to its route (false).
 */
export function answerCors(
  request: IncomingMessage,
  response: ServerResponse,
  hosts: HostPolicy | undefined,
): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    for (const [name, value] of Object.entries(HEADERS)) response.setHeader(name, value);
    if (granted(origin, request, hosts)) response.setHeader('access-control-allow-origin', origin);
  }
  if (request.method !== 'OPTIONS') return false;
  request.resume();
  response.writeHead(204);
  response.end();
  return true;
}
