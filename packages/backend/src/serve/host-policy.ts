/**
 * Which names the query port answers to. A DNS-rebinding page reaches a loopback port under its
 * own host name, so, bound to loopback, requests must name the machine itself (localhost,
 * 127.0.0.1, [::1], or the bound address) or a host given with --allowed-hosts, as Vite's
 * server.allowedHosts and webpack-dev-server's allowedHosts decide: exact names, ".example.com"
 * for a domain and its subdomains, "*" for any.
 */
import type { IncomingMessage } from 'node:http';
import { LOOPBACK_HOSTNAMES } from './loopback.js';

export interface HostPolicy {
  /** Whether `hostname` (no port, no brackets, any case) is this machine or an allowed host. */
  allows(hostname: string): boolean;
  /** The names allowed, as the 403 lists them. */
  readonly names: readonly string[];
}

/** The host name of a Host header or URL host: lower case, without port or IPv6 brackets. */
export function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end === -1 ? lower.slice(1) : lower.slice(1, end);
  }
  const colon = lower.lastIndexOf(':');
  // One colon is a port; more is a bare IPv6 address.
  return colon !== -1 && lower.indexOf(':') === colon ? lower.slice(0, colon) : lower;
}

/** `bind` counts as the machine's own name; `allowed` are --allowed-hosts entries. */
export function createHostPolicy(allowed: readonly string[], bind = '127.0.0.1'): HostPolicy {
  const exact = new Set([...LOOPBACK_HOSTNAMES, hostnameOf(bind)]);
  const domains: string[] = [];
  let any = false;
  for (const entry of allowed.map((name) => name.trim().toLowerCase())) {
    if (entry === '*') any = true;
    else if (entry.startsWith('.')) domains.push(entry);
    else exact.add(hostnameOf(entry));
  }
  return {
    names: [...exact, ...domains, ...(any ? ['*'] : [])].map((name) =>
      name.includes(':') ? `[${name}]` : name,
    ),
    allows: (hostname) =>
      any ||
      exact.has(hostname) ||
      domains.some((domain) => hostname === domain.slice(1) || hostname.endsWith(domain)),
  };
}

/**
 * Why `request` is refused for its Host header, or undefined when it may go on. A request
 * without Host (HTTP/1.0 tools) passes: browsers always send one.
 */
export function refusedHost(request: IncomingMessage, policy: HostPolicy): string | undefined {
  const host = request.headers.host;
  if (host === undefined || policy.allows(hostnameOf(host))) return undefined;
  const name = hostnameOf(host);
  return `host ${JSON.stringify(host)} is not allowed: bound to loopback, the backend answers only requests for ${policy.names.join(', ')}, so that web pages cannot read it through DNS rebinding. To reach it under this name (Grafana in Docker uses host.docker.internal), start it with --allowed-hosts ${name} (env OTEL_LAB_ALLOWED_HOSTS)`;
}
