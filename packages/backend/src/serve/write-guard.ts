/**
 * The guard of the query port's state-changing endpoints (/api/import and the like). Any web page
 * may send a "simple" cross-site POST (text/plain, form or multipart bodies) without asking the
 * server first, so such bodies are refused, and a browser's Origin must be this backend's own
 * (or a host it answers to). curl and the CLI send no Origin and pass.
 */
import type { IncomingMessage } from 'node:http';
import { foreignOrigin } from './foreign-origin.js';
import type { HostPolicy } from './host-policy.js';
import { mediaTypeOf } from './media-type.js';
import { pathOf } from './request-target.js';

export interface Refusal {
  status: 403 | 415;
  message: string;
}

function crossSite(request: IncomingMessage, hosts: HostPolicy): string | undefined {
  const foreign = foreignOrigin(request, hosts);
  if (!foreign) return undefined;
  if (foreign.malformed)
    return `a request from origin ${JSON.stringify(foreign.origin)} is refused`;
  return `a cross-site request from origin ${JSON.stringify(foreign.origin)} is refused: only this backend's own pages, and programs that send no Origin (curl, the CLI), may change its data`;
}

/**
 * Why a write is refused (403 for a foreign Origin, 415 for a content type outside `accepted`),
 * or undefined when it may go on.
 */
export function refusedWrite(
  request: IncomingMessage,
  accepted: readonly string[],
  hosts: HostPolicy,
): Refusal | undefined {
  const foreign = crossSite(request, hosts);
  if (foreign) return { status: 403, message: foreign };
  const type = mediaTypeOf(request.headers['content-type']);
  if (accepted.includes(type)) return undefined;
  return {
    status: 415,
    message: `content-type ${type || '(none)'} is not accepted on ${pathOf(request)}: send ${accepted.join(' or ')} (a web page could post any other type from another site)`,
  };
}
