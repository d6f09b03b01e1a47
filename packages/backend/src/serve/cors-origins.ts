/**
 * The origins browsers may send OTLP from (--cors-origins), matched as the Collector's
 * cors.allowed_origins matches them (rs/cors): "*" alone for any origin, otherwise an origin in
 * which one "*" stands for any run of characters (https://*.example.com, http://localhost:*);
 * case does not matter.
 */
import { LOOPBACK_HOSTNAMES, urlHost } from './loopback.js';

/** Pages served from this machine, on any port, over http or https. */
export const LOOPBACK_ORIGINS: readonly string[] = ['http', 'https'].flatMap((scheme) =>
  LOOPBACK_HOSTNAMES.map(urlHost).flatMap((host) => [
    `${scheme}://${host}`,
    `${scheme}://${host}:*`,
  ]),
);

const ORIGIN_PATTERN = /^https?:\/\/[^/?#\s]+$/;

/** A comma-separated list of origin patterns, lower case; undefined if an entry is not one. */
export function parseOriginList(text: string): string[] | undefined {
  const entries = text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  const valid = entries.every(
    (entry) =>
      entry === '*' ||
      (ORIGIN_PATTERN.test(entry) && entry.indexOf('*') === entry.lastIndexOf('*')),
  );
  return valid && entries.length > 0 ? entries : undefined;
}

/** Whether a browser's Origin header matches one of `patterns`. */
export function createOriginMatcher(patterns: readonly string[]): (origin: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set(patterns.filter((pattern) => !pattern.includes('*')));
  const wild = patterns
    .filter((pattern) => pattern.includes('*'))
    .map((pattern) => pattern.split('*') as [string, string]);
  return (header) => {
    const origin = header.toLowerCase();
    return (
      exact.has(origin) ||
      wild.some(
        ([prefix, suffix]) =>
          origin.length >= prefix.length + suffix.length &&
          origin.startsWith(prefix) &&
          origin.endsWith(suffix),
      )
    );
  };
}
