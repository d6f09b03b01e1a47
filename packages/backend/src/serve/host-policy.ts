/**
 * Which names the query port answers to when no access token guards it (bound to loopback, or
 * beyond it with --allow-anonymous). A DNS-rebinding page reaches the port under its own host
 * name, so requests must name the machine itself or a host given with --allowed-hosts, as Vite's
 * server.allowedHosts and webpack-dev-server's allowedHosts decide: exact names, ".example.com"
 * for a domain and its subdomains, "*" for any. The machine itself is its loopback names and the
 * bound address; beyond loopback also its host name and addresses (machine-names.ts).
 */
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import { canonicalIPv6, hostnameOf } from './host-header.js';
import { LOOPBACK_HOSTNAMES, urlHost } from './loopback.js';

export interface HostPolicy {
  /** Whether `hostname` (as hostnameOf reads it) is this machine or an allowed host. */
  allows(hostname: string): boolean;
  /** Every name allowed, as the start line lists them. */
  names(): readonly string[];
  /**
   * The names a 403 gives: the machine's host name and addresses are left out (a rebound page
   * reads the 403), and only said to be allowed.
   */
  readonly summary: string;
}

export interface HostRefusal {
  status: 400 | 403;
  message: string;
}

/** A --bind or --allowed-hosts entry as hostnameOf would read it: lower case, no brackets. */
function entryName(entry: string): string {
  const name = entry
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return isIPv6(name) ? canonicalIPv6(name.split('%')[0] ?? name) : name;
}

/**
 * `bind` counts as the machine's own name; `allowed` are --allowed-hosts entries; `machine`,
 * beyond loopback, gives the machine's other names (read on each check, so it may change).
 */
export function createHostPolicy(
  allowed: readonly string[],
  bind = '127.0.0.1',
  machine: () => ReadonlySet<string> = () => new Set(),
): HostPolicy {
  const exact = new Set([...LOOPBACK_HOSTNAMES, entryName(bind)]);
  const domains: string[] = [];
  let any = false;
  for (const entry of allowed.map((name) => name.trim().toLowerCase())) {
    if (entry === '*') any = true;
    else if (entry.startsWith('.')) domains.push(entry);
    else exact.add(entryName(entry));
  }
  const listed = (machineNames: Iterable<string>) =>
    [...new Set([...exact, ...machineNames]), ...domains, ...(any ? ['*'] : [])].map(urlHost);
  return {
    names: () => listed(machine()),
    summary: `${listed([]).join(', ')}${machine().size > 0 ? " and this machine's host name and addresses (the backend lists them at start)" : ''}`,
    allows: (hostname) =>
      any ||
      exact.has(hostname) ||
      domains.some((domain) => hostname === domain.slice(1) || hostname.endsWith(domain)) ||
      machine().has(hostname),
  };
}

/**
 * Why `request` is refused for its Host header (400 malformed, 403 not allowed), or undefined
 * when it may go on. A request without Host (HTTP/1.0 tools) passes: browsers always send one.
 */
export function refusedHost(request: IncomingMessage, policy: HostPolicy): HostRefusal | undefined {
  const host = request.headers.host;
  if (host === undefined) return undefined;
  // Node keeps the first of several Host headers; which one a proxy before it read is unknown.
  const name = (request.headersDistinct?.host?.length ?? 1) > 1 ? undefined : hostnameOf(host);
  if (name === undefined) {
    return {
      status: 400,
      message: `malformed Host header ${JSON.stringify(host)}: send one Host header, a host name or an IP address (IPv6 in brackets), optionally with :PORT from 1 to 65535`,
    };
  }
  if (policy.allows(name)) return undefined;
  return {
    status: 403,
    message: `host ${JSON.stringify(host)} is not allowed: without an access token, the backend answers only requests for ${policy.summary}, so that web pages cannot read it through DNS rebinding. To reach it under this name (Grafana in Docker uses host.docker.internal), start it with --allowed-hosts ${urlHost(name)} (env OTEL_LAB_ALLOWED_HOSTS)`,
  };
}
