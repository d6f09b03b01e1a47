/**
 * The MCP specification asks servers to check Origin (DNS rebinding): a browser page may only
 * call /mcp from the port's own origin. Clients that are not browsers send no Origin and pass;
 * Host and the access token are checked before, by the query port itself (query-port.ts).
 */
import type { IncomingMessage } from 'node:http';

/** Why `request` is refused, or undefined when its Origin is absent or this port's own. */
export function foreignOrigin(request: IncomingMessage): string | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `Origin ${JSON.stringify(origin)} is not a URL`;
  }
  const own = (request.headers.host ?? '').toLowerCase();
  return host === own ? undefined : `Origin ${origin} may not call /mcp; only ${own} may`;
}
