/**
 * The log records of `bench:logs`, encoded as OTLP/HTTP protobuf batches before any timing
 * starts: a few services (each its own resource), severities in realistic proportions (a tenth
 * without any, so their level comes from the body), bodies as JSON, logfmt and plain text, trace
 * and span ids on most records, three attributes each. Record times run in send order over the
 * `spanMs` before `endMs`, so every record is in "the last hour" when the queries run. One record
 * in NEEDLE_EVERY holds the word NEEDLE.
 */
import { OTLP_PROTO } from '@otel-lab/otlp';
import protobuf from 'protobufjs';

export const LOG_SERVICES = ['frontend', 'checkout', 'payment', 'inventory'] as const;
export const NEEDLE = 'needle';
export const NEEDLE_EVERY = 1000;

const SEVERITIES = [
  { weight: 60, number: 9, text: 'INFO' },
  { weight: 15, number: 5, text: 'DEBUG' },
  { weight: 10, number: 13, text: 'WARN' },
  { weight: 5, number: 17, text: 'ERROR' },
  // No severity: detected_level comes from the body's level field or words.
  { weight: 10, number: 0, text: '' },
] as const;
const ROUTES = ['/api/cart', '/api/checkout', '/api/products/{id}', '/api/orders/{id}'];
const MESSAGES = ['order placed', 'cart updated', 'payment authorised', 'stock reserved'];
const LEVELS = ['info', 'debug', 'warn', 'error'];

/** mulberry32: a small seeded generator, so runs hand the backend the same records. */
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

const fixed64 = (ns: bigint) => ({
  low: Number(ns & 0xffffffffn),
  high: Number(ns >> 32n),
  unsigned: true,
});
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

export interface LogBatch {
  body: Buffer;
  records: number;
}

export interface LogDataOptions {
  batches: number;
  batchSize: number;
  seed: number;
  endMs: number;
  spanMs: number;
}

export function encodeLogBatches(options: LogDataOptions): LogBatch[] {
  const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
  const Request = root.lookupType('otlp.ExportLogsServiceRequest');
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const total = options.batches * options.batchSize;
  const startNs = BigInt(options.endMs - options.spanMs) * 1_000_000n;
  const stepNs = (BigInt(options.spanMs) * 1_000_000n) / BigInt(total);
  const bytes = (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
    return out;
  };
  const severity = () => {
    let roll = random() * 100;
    for (const s of SEVERITIES) {
      roll -= s.weight;
      if (roll < 0) return s;
    }
    return SEVERITIES[0];
  };
  const batches: LogBatch[] = [];
  let index = 0;
  for (let b = 0; b < options.batches; b++) {
    const byService = new Map<string, unknown[]>();
    for (let r = 0; r < options.batchSize; r++, index++) {
      const service = pick(LOG_SERVICES);
      const sev = severity();
      const level = sev.text === '' ? pick(LEVELS) : sev.text.toLowerCase();
      const route = pick(ROUTES);
      const ms = Math.floor(random() * 500);
      const order = `o-${Math.floor(random() * 100_000)}`;
      const message = index % NEEDLE_EVERY === 0 ? `${pick(MESSAGES)} ${NEEDLE}` : pick(MESSAGES);
      const shape = index % 3;
      const body =
        shape === 0
          ? JSON.stringify({ level, msg: message, order_id: order, duration_ms: ms, route })
          : shape === 1
            ? `level=${level} msg="${message}" order_id=${order} duration_ms=${ms} route=${route}`
            : `${route} ${message} in ${ms}ms`;
      const traced = random() < 0.8;
      const record = {
        timeUnixNano: fixed64(startNs + BigInt(index) * stepNs),
        severityNumber: sev.number,
        severityText: sev.text,
        body: { stringValue: body },
        attributes: [
          str('http.route', route),
          str('user.id', `u-${Math.floor(random() * 1000)}`),
          { key: 'http.status_code', value: { intValue: { low: 200, high: 0, unsigned: true } } },
        ],
        ...(traced ? { traceId: bytes(16), spanId: bytes(8) } : {}),
      };
      const list = byService.get(service) ?? [];
      list.push(record);
      byService.set(service, list);
    }
    const message = {
      resourceLogs: [...byService].map(([service, logRecords]) => ({
        resource: {
          attributes: [
            str('service.name', service),
            str('service.namespace', 'shop'),
            str('deployment.environment.name', 'bench'),
          ],
        },
        scopeLogs: [{ scope: { name: 'bench-logger', version: '1.0.0' }, logRecords }],
      })),
    };
    batches.push({
      body: Buffer.from(Request.encode(message as unknown as protobuf.Message).finish()),
      records: options.batchSize,
    });
  }
  return batches;
}
