/**
 * Whether a browser page elsewhere sent this request: its Origin is neither this port's own (the
 * Host it was sent to) nor, when a host policy is given, a name the port answers to. Programs
 * (curl, the CLI, agents) send no Origin and are never foreign. The query port's writes and /mcp
 * both refuse such requests, each in its own words.
 */
import type { IncomingMessage } from 'node:http';
import { hostnameOf } from './host-header.js';
import type { HostPolicy } from './host-policy.js';

export interface ForeignOrigin {
  /** The Origin header as sent. */
  origin: string;
  /** It is not a URL at all. */
  malformed: boolean;
}

export function foreignOrigin(
  request: IncomingMessage,
  hosts?: HostPolicy,
): ForeignOrigin | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { origin, malformed: true };
  }
  if (url.host === (request.headers.host ?? '').toLowerCase()) return undefined;
  const name = hostnameOf(url.host);
  if (hosts && name !== undefined && hosts.allows(name)) return undefined;
  return { origin, malformed: false };
}
