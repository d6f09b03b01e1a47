/**
 * The few attributes of a span that get_trace shows beside its name: what a person reads first
 * in a trace view (the HTTP request and answer, the database, the RPC, the error), and the lab's
 * own ids (demo-app's orders, payment-service's payments), which tie a trace to a question.
 * Every other attribute is one get_spans call away.
 */
import type { JaegerSpan } from '../query/jaeger/to-jaeger-json.js';

/** In the order they are shown; a key ending in `*` is every key with that prefix. */
export const KEY_ATTRIBUTES: readonly string[] = [
  'http.request.method',
  'http.method',
  'http.route',
  'http.response.status_code',
  'http.status_code',
  'db.system.name',
  'db.system',
  'rpc.*',
  'error.type',
  'exception.type',
  'order.id',
  'payment.id',
  'payment.order_id',
  'payment.status',
  'payment.slow',
  'products.count',
];

/** At most this many per span, each string value cut to MAX_VALUE_CHARS. */
export const MAX_KEY_ATTRIBUTES = 8;
export const MAX_VALUE_CHARS = 200;

export type AttributeValue = string | number | boolean;

/** `text` cut to `max` characters, with an ellipsis when cut. */
export const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function plain(value: unknown): AttributeValue {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return cut(typeof value === 'string' ? value : JSON.stringify(value), MAX_VALUE_CHARS);
}

/** The span's key attributes, from its tags and its first exception event's type. */
export function keyAttributes(span: JaegerSpan): Record<string, AttributeValue> {
  const values = new Map<string, unknown>(span.tags.map((tag) => [tag.key, tag.value]));
  const exception = span.logs
    .flatMap((log) => log.fields)
    .find((field) => field.key === 'exception.type');
  if (exception && !values.has('exception.type')) values.set('exception.type', exception.value);
  const shown: Record<string, AttributeValue> = {};
  let count = 0;
  for (const key of KEY_ATTRIBUTES) {
    const keys = key.endsWith('*')
      ? [...values.keys()].filter((k) => k.startsWith(key.slice(0, -1))).sort()
      : [key];
    for (const k of keys) {
      if (count >= MAX_KEY_ATTRIBUTES || !values.has(k)) continue;
      shown[k] = plain(values.get(k));
      count += 1;
    }
  }
  return shown;
}
