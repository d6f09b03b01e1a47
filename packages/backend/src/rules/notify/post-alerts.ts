/**
 * One POST of a batch of alerts to an Alertmanager, bounded in time and in how much of the answer
 * is read. Redirects are not followed: a 3xx fails the post and names where it pointed, so that
 * alerts never go somewhere the configuration does not say.
 */
import { describeFetchFailure } from '../../fetch-failure.js';

export interface PostAlertsOptions {
  timeoutMs: number;
  /** At most this much of the answer is read (its start goes into error messages). */
  maxAnswerBytes: number;
  /** Aborts the post (the notifier stopping). */
  signal?: AbortSignal;
}

/** Resolves when the Alertmanager answered 2xx; otherwise fails with a message for the log. */
export async function postAlerts(url: string, body: string, options: PostAlertsOptions) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) controller.abort();
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', 'user-agent': 'otel-lab-notifier' },
    });
    const answer = await readStart(response, options.maxAnswerBytes);
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location') ?? '(no Location header)';
      throw new Error(
        `bad response status ${response.status}: redirected to ${location}, which is not followed`,
      );
    }
    if (response.status < 200 || response.status >= 300) {
      const detail = answer.trim().slice(0, 200);
      throw new Error(`bad response status ${response.status}${detail && `: ${detail}`}`);
    }
  } catch (error) {
    if (timedOut) throw new Error(`post timed out after ${options.timeoutMs / 1000}s`);
    if (options.signal?.aborted) throw new Error('post cancelled: the notifier stopped');
    throw new Error(describeFetchFailure(error));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}

/** The answer's first `maxBytes` bytes; the rest is not read. */
async function readStart(response: Response, maxBytes: number): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    total += chunk.byteLength;
    // Leaving the loop cancels the stream: the rest of the answer is never read.
    if (total >= maxBytes) break;
  }
  return Buffer.concat(chunks, total).subarray(0, maxBytes).toString('utf8');
}
