/** GET with a bounded wait, never throwing: every failure becomes a message naming the URL. */

export const REQUEST_TIMEOUT_MS = 5_000;

export type HttpResult = { status: number; body: unknown } | { error: string };
export type GetJson = (url: string) => Promise<HttpResult>;

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be resolved',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
};

function describeFailure(error: unknown, timeoutMs: number): string {
  const { name, cause } = error as { name?: string; cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError' || name === 'AbortError')
    return `no answer within ${timeoutMs / 1000} s`;
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code) return HINTS[code] ? `${code} (${HINTS[code]})` : code;
  return cause?.message ?? (error as Error).message;
}

/**
 * fetch refuses URLs with a user and password in them; those (Grafana's login) become a basic
 * Authorization header instead.
 */
function withoutCredentials(raw: string): { url: string; headers: Record<string, string> } {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url: raw, headers: {} };
  const login = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return {
    url: url.href,
    headers: { authorization: `Basic ${Buffer.from(login).toString('base64')}` },
  };
}

/** The URL as printed: without a password. */
export function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.href;
  } catch {
    return raw;
  }
}

/** "http://host:port (GET /path)": the server and what was asked, without the query string. */
function describeRequest(raw: string): string {
  const url = new URL(raw);
  return `${url.origin} (GET ${url.pathname})`;
}

/**
 * Once a server could not be reached, later requests to it fail at once with the same reason,
 * so a run against a server that is down takes one timeout, not one per query.
 */
export function createGetJson(timeoutMs = REQUEST_TIMEOUT_MS): GetJson {
  const unreachable = new Map<string, string>();
  return async (raw) => {
    const { url, headers } = withoutCredentials(raw);
    const origin = new URL(url).origin;
    const known = unreachable.get(origin);
    if (known) return { error: `cannot reach ${describeRequest(raw)}: ${known}` };
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the text is the body
      }
      return { status: response.status, body };
    } catch (error) {
      const reason = describeFailure(error, timeoutMs);
      unreachable.set(origin, reason);
      return { error: `cannot reach ${describeRequest(raw)}: ${reason}` };
    }
  };
}

/** Joins a base URL (with or without a trailing slash, maybe with a path) and an API path. */
export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;
