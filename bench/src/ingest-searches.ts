/**
 * The trace searches of `bench:ingest`: Jaeger's GET /api/traces as a user runs it, idle, by a
 * tag on keys without a column of their own, and while spans are being ingested.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { now, ROUTES, SERVICES, type SenderConfig, type SenderMessage } from './ingest-sender.js';

export interface SearchSample {
  ms: number;
  /** The tag key searched by, or '' for none. */
  tag: string;
  traces: number;
}

/** A small LCG: the same searches for the same seed. */
function randomFrom(seed: number) {
  let state = seed * 7919 + 17;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

async function timedSearch(queryUrl: string, params: URLSearchParams, tag: string) {
  const start = now();
  const { status, body } = await getJson(`${queryUrl}/api/traces?${params}`);
  const ms = now() - start;
  if (status !== 200) throw new Error(`GET /api/traces?${params} answered ${status}`);
  return { ms, tag, traces: ((body as { data?: unknown[] }).data ?? []).length };
}

const WARMUP = 10;

/**
 * `count` searches after 10 unmeasured: a random service over 2 h, every third also by
 * `http.route` (a route of that service, which has a column of its own).
 */
export async function routeSearches(queryUrl: string, count: number, seed: number) {
  const random = randomFrom(seed);
  const samples: SearchSample[] = [];
  for (let i = 0; i < WARMUP + count; i++) {
    const service = SERVICES[Math.floor(random() * SERVICES.length)] as (typeof SERVICES)[number];
    const params = new URLSearchParams({ service, limit: '20', lookback: '2h' });
    if (i % 3 === 2) {
      const routes = ROUTES[service];
      params.append('tag', `http.route:${routes[Math.floor(random() * routes.length)]}`);
    }
    const sample = await timedSearch(queryUrl, params, params.has('tag') ? 'http.route' : '');
    if (i >= WARMUP) samples.push(sample);
  }
  return samples;
}

interface JaegerTrace {
  spans?: { processID?: string; tags?: { key: string; value: unknown }[] }[];
  processes?: Record<string, { serviceName?: string }>;
}

/**
 * Values of `enduser.id` the store holds, each with the service of its span: from the spans of traces found one minute at a time
 * at random times over the 2 h, so they are spread over the data, not only the newest.
 */
async function storedUserIds(queryUrl: string, want: number, random: () => number) {
  const ids = new Map<string, string>();
  const endUs = Date.now() * 1000;
  for (let attempt = 0; attempt < want * 4 && ids.size < want; attempt++) {
    const service = SERVICES[attempt % SERVICES.length] as string;
    const end = Math.floor(endUs - random() * 2 * 3600e6);
    const params = new URLSearchParams({
      service,
      limit: '1',
      start: String(end - 60e6),
      end: String(end),
    });
    const { body } = await getJson(`${queryUrl}/api/traces?${params}`);
    for (const trace of ((body as { data?: JaegerTrace[] }).data ?? []) as JaegerTrace[]) {
      // A span of the service searched: the trace's others belong to other services.
      const span = trace.spans?.find(
        (s) => trace.processes?.[s.processID ?? '']?.serviceName === service,
      );
      const tag = span?.tags?.find((t) => t.key === 'enduser.id');
      if (typeof tag?.value === 'string') ids.set(tag.value, service);
    }
  }
  return [...ids].map(([value, service]) => ({ value, service }));
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/**
 * `count` searches after 10 unmeasured, by a tag on keys with no column of their own: by turns
 * `enduser.id`, a value a span or two holds (high cardinality), and `http.request.method`, one
 * of 4 values that a seventh to three sevenths of the spans hold (low cardinality).
 */
export async function tagSearches(queryUrl: string, count: number, seed: number) {
  const random = randomFrom(seed + 1);
  const users = await storedUserIds(queryUrl, 20, random);
  if (users.length === 0) throw new Error('no enduser.id found to search by');
  const samples: SearchSample[] = [];
  for (let i = 0; i < WARMUP + count; i++) {
    const high = i % 2 === 0;
    const user = users[Math.floor(random() * users.length)] as { value: string; service: string };
    const service = high ? user.service : (SERVICES[Math.floor(random() * 3)] as string);
    const params = new URLSearchParams({ service, limit: '20', lookback: '2h' });
    const value = high ? user.value : METHODS[Math.floor(random() * METHODS.length)];
    const key = high ? 'enduser.id' : 'http.request.method';
    params.append('tag', `${key}:${value}`);
    const sample = await timedSearch(queryUrl, params, key);
    if (i >= WARMUP) samples.push(sample);
  }
  return samples;
}

/**
 * routeSearches while a second sender posts spans at `spansPerSecond` (16 requests in flight,
 * new traces of another seed); the rate it reached is returned with the samples.
 */
export async function searchesUnderLoad(
  otlpUrl: string,
  queryUrl: string,
  count: number,
  seed: number,
  spansPerSecond: number,
) {
  const batchSize = 512;
  const config: SenderConfig = {
    otlpUrl,
    batches: Math.ceil((spansPerSecond * 600) / batchSize),
    batchSize,
    concurrency: 16,
    sampleEvery: Number.MAX_SAFE_INTEGER,
    seed: seed + 1000,
    spansPerSecond,
    distinctBatches: 256,
  };
  const worker = new Worker(join(__dirname, 'ingest-sender.js'), { workerData: config });
  try {
    let progress: { at: number; spans: number }[] = [];
    const done = new Promise<Extract<SenderMessage, { type: 'done' }>>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: SenderMessage) => {
        if (message.type === 'encoded') worker.postMessage('go');
        else if (message.type === 'progress') {
          progress.push({ at: message.at, spans: message.ackedSpans });
        } else if (message.type === 'done') resolve(message);
        else if (message.type === 'error') reject(new Error(`sender: ${message.message}`));
      });
    });
    // Searching starts once the load has run a second.
    while (progress.length < 2) await sleep(100);
    progress = progress.slice(-1);
    const samples = await routeSearches(queryUrl, count, seed);
    worker.postMessage('stop');
    const sent = await done;
    const first = progress[0] as { at: number; spans: number };
    const reached = ((sent.ackedSpans - first.spans) * 1000) / (sent.endedAt - first.at);
    return { samples, spansPerSecond: reached, statuses: sent.statuses };
  } finally {
    await worker.terminate();
  }
}
