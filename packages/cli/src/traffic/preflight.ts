import { createHttpClient } from './http-client.js';

const HEALTH_TIMEOUT_MS = 3_000;

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be resolved',
  TIMEOUT: `no answer within ${HEALTH_TIMEOUT_MS / 1000} s`,
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
};

/**
 * One GET /health before any traffic, so an unreachable target is one clear message instead of
 * a summary full of network errors. Resolves to that message, or undefined when the target is up.
 */
export async function checkTarget(target: URL): Promise<string | undefined> {
  const client = createHttpClient(target, 1);
  const url = `${target.href.replace(/\/+$/, '')}/health`;
  try {
    const outcome = await client.send(
      { method: 'GET', path: '/health' },
      undefined,
      HEALTH_TIMEOUT_MS,
    );
    if ('status' in outcome) {
      if (outcome.status >= 200 && outcome.status < 300) return undefined;
      return `the target is not healthy: GET ${url} answered ${outcome.status}`;
    }
    const code = 'error' in outcome ? outcome.error : 'ABORTED';
    const hint = HINTS[code];
    return `cannot reach the target: GET ${url} failed with ${code}${hint ? ` (${hint})` : ''}.\nStart the lab with npm start, or point --target at a running demo-app.`;
  } finally {
    client.close();
  }
}
