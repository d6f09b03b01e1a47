/**
 * The one list of this machine's loopback names, which only programs on it can reach: the Host
 * check allows them, OTLP's default CORS origins are pages on them, and a --bind among them
 * (or anywhere in 127.0.0.0/8) needs no access token.
 */
import { isIP } from 'node:net';

/** As host names are compared: lower case, IPv6 without brackets. */
export const LOOPBACK_HOSTNAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** A host name as a URL or a Host header writes it: an IPv6 address in brackets. */
export function urlHost(hostname: string): string {
  return hostname.includes(':') ? `[${hostname}]` : hostname;
}

/** Whether `bind` only accepts connections from this machine. */
export function isLoopback(bind: string): boolean {
  const family = isIP(bind);
  if (family === 4) return bind.startsWith('127.');
  // URL writes an IPv6 address in its shortest form: 0:0:0:0:0:0:0:1 is [::1].
  if (family === 6) return new URL(`http://${urlHost(bind)}`).hostname === urlHost('::1');
  return LOOPBACK_HOSTNAMES.includes(bind.toLowerCase());
}
