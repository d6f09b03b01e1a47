/**
 * The host name a Host header (or a URL's host) names, read strictly: a DNS name (letters,
 * digits, '-', '_', '.') or an IPv4 address, or an IPv6 address in brackets, then at most a port
 * of 1 to 65535. Anything else (`localhost:80@evil.com`, `[::1]junk`, `localhost:`, an empty
 * value) is malformed, and the Host check answers it 400 instead of guessing which name it meant.
 */
import { isIPv6 } from 'node:net';

const HOST = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9_.-]+))(?::([0-9]{1,5}))?$/;

/** An IPv6 address in the shortest form, as URL and os.networkInterfaces() write it. */
export function canonicalIPv6(address: string): string {
  return new URL(`http://[${address}]`).hostname.slice(1, -1);
}

/** The host name of a Host header: lower case, no port, no brackets; undefined if malformed. */
export function hostnameOf(host: string): string | undefined {
  const match = HOST.exec(host.toLowerCase());
  if (!match) return undefined;
  const [, ipv6, name, port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return undefined;
  if (ipv6 === undefined) return name;
  return isIPv6(ipv6) ? canonicalIPv6(ipv6) : undefined;
}
