import http from 'node:http';
import https from 'node:https';

/** A request that has not answered by then fails as a timeout. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** How a request ended: an answer, a network error (by code), or given up on by a stop. */
export type Outcome = { status: number } | { error: string } | { abandoned: true };

export interface HttpRequest {
  method: string;
  path: string;
  body?: string;
}

export interface HttpClient {
  /** Never rejects: every failure is an outcome. `cancel` abandons the request. */
  send(request: HttpRequest, cancel?: AbortSignal, timeoutMs?: number): Promise<Outcome>;
  close(): void;
}

const errorCode = (error: unknown) => {
  const { code, name } = error as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'ERROR';
};

/**
 * node:http with a keep-alive agent, rather than fetch: its errors carry the system's code
 * (ECONNREFUSED, ECONNRESET) directly, and the body is drained without being decoded.
 */
export function createHttpClient(target: URL, maxSockets: number): HttpClient {
  const transport = target.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets });
  const base = target.href.replace(/\/+$/, '');

  function send(
    { method, path, body }: HttpRequest,
    cancel?: AbortSignal,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<Outcome> {
    if (cancel?.aborted) return Promise.resolve({ abandoned: true });
    return new Promise((resolve) => {
      const settle = (outcome: Outcome) => {
        cancel?.removeEventListener('abort', onCancel);
        resolve(cancel?.aborted ? { abandoned: true } : outcome);
      };
      const headers: Record<string, string> = body
        ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
        : // A body-less POST must say so, or Node sends it chunked and demo-app sees a body.
          { 'content-length': '0' };
      const request = transport.request(
        `${base}${path}`,
        { method, agent, headers, timeout: timeoutMs },
        (response) => {
          response.on('error', (error) => settle({ error: errorCode(error) }));
          response.on('end', () => settle({ status: response.statusCode ?? 0 }));
          response.resume();
        },
      );
      const onCancel = () => request.destroy();
      cancel?.addEventListener('abort', onCancel, { once: true });
      request.on('timeout', () =>
        request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      );
      request.on('error', (error) => settle({ error: errorCode(error) }));
      request.end(body);
    });
  }

  return { send, close: () => agent.destroy() };
}
