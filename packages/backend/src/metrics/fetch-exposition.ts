/** One HTTP GET of a metrics endpoint, bounded in time and size. */

import { describeFetchFailure } from '../fetch-failure.js';
import { SCRAPE_ACCEPT_HEADER } from './scrape-target.js';

export interface FetchExpositionOptions {
  timeoutMs: number;
  /** Bytes after decompression; a larger body fails the scrape instead of filling memory. */
  maxBodyBytes: number;
  /** Aborts the request when the scraper stops. */
  signal?: AbortSignal;
  /** Sent as "Authorization: Bearer …" when given. */
  bearerToken?: string;
}

export interface FetchedExposition {
  text: string;
  contentType: string | null;
}

/** Fails with a message fit for a target's lastError. */
export async function fetchExposition(
  url: string,
  options: FetchExpositionOptions,
): Promise<FetchedExposition> {
  // Our own timer rather than AbortSignal.timeout, so that none outlives the scrape.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) controller.abort();
  const signal = controller.signal;
  try {
    const response = await fetch(url, {
      signal,
      redirect: 'follow',
      headers: {
        accept: SCRAPE_ACCEPT_HEADER,
        // fetch decompresses gzip itself; asking for it alone keeps to what Prometheus sends.
        'accept-encoding': 'gzip',
        'user-agent': 'otel-lab-scraper',
        'x-prometheus-scrape-timeout-seconds': String(options.timeoutMs / 1000),
        ...(options.bearerToken && { authorization: `Bearer ${options.bearerToken}` }),
      },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`server returned HTTP status ${response.status} ${response.statusText}`);
    }
    const text = await readBounded(response, options.maxBodyBytes);
    return { text, contentType: response.headers.get('content-type') };
  } catch (error) {
    if (timedOut) throw new Error(`scrape timed out after ${options.timeoutMs / 1000}s`);
    if (options.signal?.aborted) throw new Error('scrape cancelled');
    throw error instanceof Error && error.message.startsWith('server returned')
      ? error
      : new Error(describeFetchFailure(error));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await body.cancel().catch(() => undefined);
      throw new Error(`body size limit exceeded (more than ${maxBytes} bytes)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
