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

export function createGetJson(timeoutMs = REQUEST_TIMEOUT_MS): GetJson {
  return async (raw) => {
    const { url, headers } = withoutCredentials(raw);
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
      return { error: `cannot reach ${displayUrl(raw)}: ${describeFailure(error, timeoutMs)}` };
    }
  };
}

/** Joins a base URL (with or without a trailing slash, maybe with a path) and an API path. */
export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;
