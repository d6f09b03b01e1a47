/** GETs JSON from the backend's query port, every failure a message naming the URL asked. */

export const REQUEST_TIMEOUT_MS = 10_000;

export type Answer = { status: number; body: unknown } | { unreachable: string };
export type BackendGet = (
  path: string,
  params?: Record<string, string | undefined>,
) => Promise<Answer>;

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there; is the lab running (npm start)?',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be resolved',
  ECONNRESET: 'the connection was reset',
};

/** Why a fetch failed, in words, with a hint for the usual network errors. */
export function reasonOf(error: unknown, timeoutMs = REQUEST_TIMEOUT_MS): string {
  const { name, cause } = error as { name?: string; cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const code = cause?.code;
  if (code) return HINTS[code] ? `${code} (${HINTS[code]})` : code;
  return cause?.message ?? (error as Error).message;
}

/** The token (OTEL_LAB_TOKEN) is needed when the backend is bound beyond loopback. */
export function createBackendGet(backend: string, token: string | undefined): BackendGet {
  const base = backend.replace(/\/+$/, '');
  return async (path, params = {}) => {
    const search = new URLSearchParams(
      Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    const url = `${base}${path}${search ? `?${search}` : ''}`;
    try {
      const response = await fetch(url, {
        headers: {
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      try {
        return { status: response.status, body: JSON.parse(text) };
      } catch {
        return { status: response.status, body: text };
      }
    } catch (error) {
      return {
        unreachable: `cannot reach the backend at ${base} (GET ${path}): ${reasonOf(error)}`,
      };
    }
  };
}

/** The error message of any of the backend's API shapes, or the status. */
export function errorOf(answer: { status: number; body: unknown }): string {
  const body = answer.body as {
    error?: unknown;
    errors?: { msg?: string }[];
    message?: string;
  } | null;
  if (typeof answer.body === 'string' && answer.body)
    return `HTTP ${answer.status}: ${answer.body.trim().slice(0, 500)}`;
  if (typeof body?.error === 'string') return body.error;
  if (body?.error && typeof body.error === 'object' && 'message' in body.error)
    return String(body.error.message);
  if (body?.errors?.[0]?.msg) return body.errors[0].msg;
  return `HTTP ${answer.status}`;
}
