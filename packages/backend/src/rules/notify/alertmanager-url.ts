/**
 * Where alerts are posted: an Alertmanager's base URL (what `--alertmanager-url` takes, e.g.
 * http://127.0.0.1:9093 or https://host/prefix) with `/api/v2/alerts` joined to its path, as
 * Prometheus joins an alertmanager_config's path_prefix.
 */
import { posix } from 'node:path';

export const ALERTS_API_PATH = '/api/v2/alerts';

/** The alerts endpoint of the Alertmanager at `base`; throws a message that says what is wrong. */
export function alertmanagerAlertsUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`Alertmanager URL ${JSON.stringify(base)}: not an absolute URL`);
  }
  const problem = problemOf(url);
  if (problem) throw new Error(`Alertmanager URL ${JSON.stringify(base)}: ${problem}`);
  // Like Go's path.Join: one slash between the parts, `.` and `..` resolved.
  url.pathname = posix.join('/', url.pathname, ALERTS_API_PATH);
  return url.href;
}

function problemOf(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `the scheme must be http or https, not ${url.protocol.slice(0, -1)}`;
  }
  // fetch refuses them, and the URL is a metric label: credentials must not end up there.
  if (url.username || url.password) return 'credentials in the URL are not supported';
  if (url.search || url.hash) return 'a base URL has no query or fragment';
  return undefined;
}
