/**
 * The load generator of `bench:ingest` (and `bench:isolation`), run as a worker thread so that
 * encoding and sending stay off the thread that probes the query API. It builds realistic traces,
 * encodes every batch as an OTLP/HTTP protobuf body before any timing starts, then posts them with
 * a few requests in flight (as fast as acknowledged, or paced at a rate) and reports each
 * acknowledgement's progress to the parent.
 */

import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { OTLP_PROTO } from '@otel-lab/otlp';
import protobuf from 'protobufjs';
import { postProtobuf } from './post-protobuf.js';

export interface SenderConfig {
  /** Base URL of the OTLP/HTTP receiver. */
  otlpUrl: string;
  batches: number;
  batchSize: number;
  concurrency: number;
  /** Batches whose acknowledgement the parent probes for visibility. */
  sampleEvery: number;
  seed: number;
  /**
   * Paced sending: batch i is due at start + i × batchSize / spansPerSecond, and its latency is
   * counted from when it was due, so a stalled receiver is not hidden by sends that wait for it.
   */
  spansPerSecond?: number;
  /** Encode only this many distinct batches and send them round and round (long paced runs). */
  distinctBatches?: number;
  /** Send each acknowledgement's due time and latency with `done`. */
  reportAcks?: boolean;
  /** Start times spread over this many ms before encoding began (default 2 h). */
  windowMs?: number;
}

/** Messages from the worker to the parent. */
export type SenderMessage =
  | { type: 'encoded'; batches: number; spans: number; bytes: number; ms: number }
  | { type: 'progress'; ackedSpans: number; ackedBatches: number; at: number }
  | { type: 'ack'; batch: number; traceId: string; at: number }
  | {
      type: 'done';
      ackedSpans: number;
      ackedBatches: number;
      rejected: number;
      retries: number;
      startedAt: number;
      endedAt: number;
      statuses: Record<string, number>;
      ackP50Ms: number;
      ackP99Ms: number;
      /** With reportAcks: per acknowledged batch, when it was due (now() ms) and its latency. */
      acks?: { due: number[]; ms: number[] };
    }
  | { type: 'error'; message: string };

export const SERVICES = ['frontend', 'checkout', 'payment'] as const;
/** Routes each service serves; searches filter on them. */
export const ROUTES: Record<(typeof SERVICES)[number], string[]> = {
  frontend: ['/api/cart', '/api/checkout', '/api/products/{id}', '/api/orders/{id}'],
  checkout: ['/checkout/place', '/checkout/quote', '/checkout/{id}/status'],
  payment: ['/payments/charge', '/payments/refund', '/payments/{id}'],
};

/** Absolute high-resolution time in ms, comparable between the worker and the parent. */
export const now = () => performance.timeOrigin + performance.now();

/** mulberry32: small, fast, and (unlike a float LCG) no collapse to a few distinct values. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface LongBits {
  low: number;
  high: number;
  unsigned: true;
}
const fixed64 = (ns: bigint): LongBits => ({
  low: Number(ns & 0xffffffffn),
  high: Number(ns >> 32n),
  unsigned: true,
});

type Value =
  | { stringValue: string }
  | { intValue: LongBits }
  | { doubleValue: number }
  | { boolValue: boolean };
const str = (key: string, value: string) => ({ key, value: { stringValue: value } as Value });
const int = (key: string, value: number) => ({
  key,
  value: { intValue: { low: value, high: 0, unsigned: true } } as Value,
});

interface SpanMessage {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId?: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: LongBits;
  endTimeUnixNano: LongBits;
  attributes: { key: string; value: Value }[];
  events: { timeUnixNano: LongBits; name: string; attributes: { key: string; value: Value }[] }[];
  status: { code: number; message: string };
}

const KIND = { server: 2, client: 3 } as const;
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Version/17.2 Safari/605.1.15',
  'okhttp/4.12.0',
  'python-requests/2.32.3',
];

/**
 * Traces of ~5 spans across 3 services: frontend SERVER → frontend CLIENT → checkout SERVER →
 * payment SERVER → 0–2 db CLIENT spans. Each span has 10 attributes (6 string, 2 int, 1 double,
 * 1 bool) and 1 event with 1 attribute; ~3 % of traces fail; a trace takes 5-405 ms, 1 % of them
 * 0.6-3 s. Start times run in ingest order over the 2 h (windowMs) before now, with 5 s of
 * jitter, as the feasibility notes generated them.
 */
function createGenerator(seed: number, totalSpans: number, windowMs = 2 * 3_600_000) {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const bytes = (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const word = (random() * 4294967296) >>> 0;
      out[i] = word & 0xff;
      out[i + 1] = (word >>> 8) & 0xff;
      out[i + 2] = (word >>> 16) & 0xff;
      out[i + 3] = word >>> 24;
    }
    return out;
  };
  const windowNs = BigInt(windowMs) * 1_000_000n;
  const originNs = BigInt(Date.now()) * 1_000_000n - windowNs;
  let produced = 0;

  function span(
    traceId: Uint8Array,
    parent: Uint8Array | undefined,
    service: (typeof SERVICES)[number],
    kind: number,
    name: string,
    route: string,
    startNs: bigint,
    durationNs: bigint,
    failed: boolean,
  ): SpanMessage {
    const spanId = bytes(8);
    const id = Math.floor(random() * 10_000_000);
    const status = failed ? 500 : pick([200, 200, 200, 200, 201, 204, 304]);
    const attributes = [
      str('http.request.method', pick(METHODS)),
      str('http.route', route),
      str(
        'url.full',
        `http://${service}:8080${route.replace('{id}', String(id))}?session=${Math.floor(random() * 1e9).toString(36)}`,
      ),
      str(
        'client.address',
        `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`,
      ),
      str('enduser.id', `user-${Math.floor(random() * 1_000_000)}`),
      str('user_agent.original', pick(AGENTS)),
      int('http.response.status_code', status),
      int('http.response.body.size', Math.floor(random() * 50_000)),
      { key: 'cart.total', value: { doubleValue: Math.round(random() * 100_000) / 100 } as Value },
      { key: 'cache.hit', value: { boolValue: random() < 0.3 } as Value },
    ];
    return {
      traceId,
      spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name,
      kind,
      startTimeUnixNano: fixed64(startNs),
      endTimeUnixNano: fixed64(startNs + durationNs),
      attributes,
      events: [
        {
          timeUnixNano: fixed64(startNs + durationNs / 2n),
          name: failed ? 'exception' : 'log',
          attributes: [
            str(
              failed ? 'exception.message' : 'message',
              failed ? `upstream ${service} failed: timeout after 3000 ms` : `handled ${route}`,
            ),
          ],
        },
      ],
      status: failed
        ? { code: 2, message: `${service}: request failed with status 500` }
        : { code: 0, message: '' },
    };
  }

  /** The next trace: its spans per service, in call order. */
  function trace(): { service: (typeof SERVICES)[number]; span: SpanMessage }[] {
    const traceId = bytes(16);
    const failed = random() < 0.03;
    const jitter = BigInt(Math.floor(random() * 5e9));
    const start =
      originNs + (windowNs * BigInt(Math.min(produced, totalSpans))) / BigInt(totalSpans) + jitter;
    // 5-405 ms, and 1 % a slow tail of 0.6-3 s (so bench:traceql's {duration > 500ms} finds
    // some) drawn from the same number, so the random sequence is the one earlier runs had.
    const r = random();
    const total = BigInt(Math.floor(r < 0.99 ? 5e6 + r * 400e6 : 600e6 + (r - 0.99) * 240e9));
    const frontendRoute = pick(ROUTES.frontend);
    const root = span(
      traceId,
      undefined,
      'frontend',
      KIND.server,
      `${pick(METHODS)} ${frontendRoute}`,
      frontendRoute,
      start,
      total,
      failed,
    );
    const out = [{ service: 'frontend' as const, span: root }];
    const client = span(
      traceId,
      root.spanId,
      'frontend',
      KIND.client,
      'POST',
      frontendRoute,
      start + 1_000_000n,
      total - 2_000_000n,
      failed,
    );
    out.push({ service: 'frontend', span: client });
    const checkoutRoute = pick(ROUTES.checkout);
    const checkout = span(
      traceId,
      client.spanId,
      'checkout',
      KIND.server,
      `POST ${checkoutRoute}`,
      checkoutRoute,
      start + 2_000_000n,
      total - 4_000_000n,
      failed,
    );
    const paymentRoute = pick(ROUTES.payment);
    const payment = span(
      traceId,
      checkout.spanId,
      'payment',
      KIND.server,
      `POST ${paymentRoute}`,
      paymentRoute,
      start + 3_000_000n,
      total / 2n,
      failed,
    );
    const rows: { service: (typeof SERVICES)[number]; span: SpanMessage }[] = [
      ...out,
      { service: 'checkout', span: checkout },
      { service: 'payment', span: payment },
    ];
    const queries = Math.floor(random() * 3);
    for (let q = 0; q < queries; q++) {
      rows.push({
        service: 'payment',
        span: span(
          traceId,
          payment.spanId,
          'payment',
          KIND.client,
          pick(['SELECT payments', 'INSERT payments', 'UPDATE ledger']),
          paymentRoute,
          start + 4_000_000n + BigInt(q) * 1_000_000n,
          BigInt(Math.floor(200_000 + random() * 5e6)),
          false,
        ),
      });
    }
    produced += rows.length;
    return rows;
  }

  return { trace };
}

const resource = (service: string) => ({
  attributes: [
    str('service.name', service),
    str('service.version', '1.4.2'),
    str('deployment.environment.name', 'bench'),
    str('host.name', `${service}-7d9f8c-x2k4q`),
    str('telemetry.sdk.language', 'nodejs'),
    str('telemetry.sdk.name', 'opentelemetry'),
    str('telemetry.sdk.version', '2.12.0'),
  ],
});
const SCOPE = { name: '@opentelemetry/instrumentation-http', version: '0.223.0' };

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export interface Batch {
  body: Buffer;
  spans: number;
  /** A trace that lies wholly inside this batch, probed for visibility. */
  traceId: string;
}

/** Every batch, encoded, with a trace id that is complete inside it. */
export function encodeBatches(config: SenderConfig): Batch[] {
  const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
  const Request = root.lookupType('otlp.ExportTraceServiceRequest');
  const generator = createGenerator(
    config.seed,
    config.batches * config.batchSize,
    config.windowMs,
  );
  const batches: Batch[] = [];
  const count = Math.min(config.batches, config.distinctBatches ?? config.batches);
  let carry: { service: (typeof SERVICES)[number]; span: SpanMessage }[] = [];
  for (let b = 0; b < count; b++) {
    const rows = carry;
    carry = [];
    let whole: string | undefined;
    while (rows.length < config.batchSize) {
      const trace = generator.trace();
      const room = config.batchSize - rows.length;
      if (trace.length <= room) {
        // the middle of the batch: far from both edges, never split
        if (whole === undefined && rows.length >= config.batchSize / 2) {
          whole = hex(trace[0]?.span.traceId ?? new Uint8Array());
        }
        rows.push(...trace);
      } else {
        rows.push(...trace.slice(0, room));
        carry = trace.slice(room);
      }
    }
    const byService = new Map<string, SpanMessage[]>();
    for (const row of rows) {
      const list = byService.get(row.service) ?? [];
      list.push(row.span);
      byService.set(row.service, list);
    }
    const message = {
      resourceSpans: [...byService].map(([service, spans]) => ({
        resource: resource(service),
        scopeSpans: [{ scope: SCOPE, spans }],
      })),
    };
    const body = Buffer.from(Request.encode(message as unknown as protobuf.Message).finish());
    batches.push({
      body,
      spans: rows.length,
      traceId: whole ?? hex(rows[0]?.span.traceId ?? new Uint8Array()),
    });
  }
  return batches;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);

async function send(config: SenderConfig, batches: Batch[]) {
  const post = parentPort as NonNullable<typeof parentPort>;
  const url = new URL('/v1/traces', config.otlpUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: config.concurrency });
  const statuses: Record<string, number> = {};
  const ackMs: number[] = [];
  const ackDue: number[] = [];
  const interval = config.spansPerSecond ? (config.batchSize / config.spansPerSecond) * 1000 : 0;
  let stopped = false;
  post.on('message', (message: unknown) => {
    if (message === 'stop') stopped = true;
  });
  let next = 0;
  let ackedSpans = 0;
  let ackedBatches = 0;
  let rejected = 0;
  let retries = 0;
  let lastProgress = 0;

  const postOnce = (body: Buffer) => postProtobuf(url, agent, body);

  const startedAt = now();
  const lane = async () => {
    while (next < config.batches && !stopped) {
      const index = next++;
      const batch = batches[index % batches.length] as Batch;
      const due = startedAt + index * interval;
      if (interval > 0 && due > now()) await sleep(due - now());
      // 503 (queue full) is retried after a pause, as an OTLP exporter would; bounded.
      for (let attempt = 0; ; attempt++) {
        const sentAt = interval > 0 && attempt === 0 ? due : now();
        const status = await postOnce(batch.body);
        const at = now();
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200) {
          ackMs.push(at - sentAt);
          ackDue.push(sentAt);
          ackedSpans += batch.spans;
          ackedBatches += 1;
          if (index % config.sampleEvery === config.sampleEvery - 1) {
            post.postMessage({
              type: 'ack',
              batch: index,
              traceId: batch.traceId,
              at,
            } satisfies SenderMessage);
          }
          if (at - lastProgress >= 1000) {
            lastProgress = at;
            post.postMessage({
              type: 'progress',
              ackedSpans,
              ackedBatches,
              at,
            } satisfies SenderMessage);
          }
          break;
        }
        if (attempt >= 20 || (status !== 503 && status !== 429)) {
          rejected += 1;
          break;
        }
        retries += 1;
        await sleep(100);
      }
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, lane));
  const endedAt = now();
  agent.destroy();
  const acks = config.reportAcks ? { due: ackDue, ms: [...ackMs] } : undefined;
  ackMs.sort((a, b) => a - b);
  post.postMessage({
    type: 'done',
    ackedSpans,
    ackedBatches,
    rejected,
    retries,
    startedAt,
    endedAt,
    statuses,
    ackP50Ms: percentile(ackMs, 50),
    ackP99Ms: percentile(ackMs, 99),
    ...(acks ? { acks } : {}),
  } satisfies SenderMessage);
}

if (parentPort) {
  const post = parentPort;
  const config = workerData as SenderConfig;
  const encodeStart = now();
  const batches = encodeBatches(config);
  post.postMessage({
    type: 'encoded',
    batches: batches.length,
    spans: batches.reduce((sum, batch) => sum + batch.spans, 0),
    bytes: batches.reduce((sum, batch) => sum + batch.body.length, 0),
    ms: now() - encodeStart,
  } satisfies SenderMessage);
  post.once('message', (message: unknown) => {
    if (message !== 'go') return;
    send(config, batches).catch((error: unknown) => {
      post.postMessage({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies SenderMessage);
    });
  });
}
