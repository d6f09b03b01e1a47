import type { AnyValue, KeyValue, SpanEvent } from '@otel-lab/otlp';

/**
 * Span attributes are stored as one JSON object, key to value, the compact form of OTLP/JSON's
 * key/value list: half the bytes, half the cost to write and scan (spans are most of the data).
 * JSON's own types stand for the common cases; a one-key object marks each other case, so no
 * type is lost:
 *
 *   string "GET"   bool true   int 200 (when exact as a double)   double 0.25 (when not integral)
 *   {"i":"9007199254740993"} large int    {"d":2} or {"d":"NaN"} integral or non-finite double
 *   {"b":"base64"} bytes   [..] array   {"m":{..}} key/value list   null empty value
 *
 * The read side turns it back into OTLP/JSON (storedKeyValuesJson), so the query APIs see the
 * list they always saw. Duplicate keys, which OTLP forbids, keep the last value.
 */

const quote = JSON.stringify;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A double in the compact form: a JSON number when not integral, else marked. */
export function doubleText(value: number): string {
  if (!Number.isFinite(value)) return `{"d":"${value}"}`;
  return Number.isInteger(value) ? `{"d":${quote(value)}}` : quote(value);
}

export function compactValueText(value: AnyValue): string {
  switch (value.type) {
    case 'string':
      return quote(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'int':
      return value.value <= SAFE && value.value >= -SAFE
        ? value.value.toString()
        : `{"i":"${value.value}"}`;
    case 'double':
      return doubleText(value.value);
    case 'bytes':
      return `{"b":"${Buffer.from(value.value).toString('base64')}"}`;
    case 'array':
      return `[${value.value.map(compactValueText).join(',')}]`;
    case 'kvlist':
      return `{"m":${compactAttributesText(value.value)}}`;
    case 'empty':
      return 'null';
  }
}

export function compactAttributesText(list: KeyValue[]): string {
  let text = '{';
  for (let i = 0; i < list.length; i++) {
    const kv = list[i] as KeyValue;
    if (i > 0) text += ',';
    text += `${quote(kv.key)}:${compactValueText(kv.value)}`;
  }
  return `${text}}`;
}

/** An AnyValue in OTLP/JSON form. */
export interface OtlpJsonValue {
  stringValue?: string;
  boolValue?: boolean;
  /** A decimal string, as the OTLP JSON mapping writes 64-bit integers. */
  intValue?: string | number;
  /** A number, or "NaN", "Infinity", "-Infinity" for the values JSON has no number for. */
  doubleValue?: number | string;
  /** Standard base64. */
  bytesValue?: string;
  arrayValue?: { values?: OtlpJsonValue[] };
  kvlistValue?: { values?: OtlpJsonKeyValue[] };
}

export interface OtlpJsonKeyValue {
  key: string;
  value?: OtlpJsonValue;
}

const only = (object: object, key: string) => {
  const keys = Object.keys(object);
  return keys.length === 1 && keys[0] === key;
};

function otlpValue(value: unknown): OtlpJsonValue {
  if (value === null) return {};
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(otlpValue) } };
  const object = value as Record<string, unknown>;
  if (only(object, 'i')) return { intValue: String(object.i) };
  if (only(object, 'd')) return { doubleValue: object.d as number | string };
  if (only(object, 'b')) return { bytesValue: String(object.b) };
  if (only(object, 'm')) return { kvlistValue: { values: otlpKeyValues(object.m) } };
  return {};
}

function otlpKeyValues(object: unknown): OtlpJsonKeyValue[] {
  return Object.entries((object ?? {}) as Record<string, unknown>).map(([key, value]) => ({
    key,
    value: otlpValue(value),
  }));
}

/** Stored compact attributes as the OTLP/JSON key/value list. */
export function storedKeyValues(text: string): OtlpJsonKeyValue[] {
  return otlpKeyValues(JSON.parse(text));
}

/** The same, as JSON text. */
export const storedKeyValuesJson = (text: string) => JSON.stringify(storedKeyValues(text));

function compactFromOtlp(value: OtlpJsonValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const int = BigInt(value.intValue);
    return int <= SAFE && int >= -SAFE ? Number(int) : { i: int.toString() };
  }
  if (value.doubleValue !== undefined) {
    const double = Number(value.doubleValue);
    return Number.isFinite(double) && !Number.isInteger(double) ? double : { d: value.doubleValue };
  }
  if (value.bytesValue !== undefined) return { b: value.bytesValue };
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(compactFromOtlp);
  if (value.kvlistValue) {
    return { m: Object.fromEntries(compactEntries(value.kvlistValue.values)) };
  }
  return null;
}

const compactEntries = (list: OtlpJsonKeyValue[] | undefined) =>
  (list ?? []).map((kv) => [kv.key, compactFromOtlp(kv.value)] as const);

/** OTLP/JSON key/value list text (schema v1) in the compact form: for the migration. */
export function compactFromOtlpJson(text: string): string {
  return JSON.stringify(Object.fromEntries(compactEntries(JSON.parse(text))));
}

/** A JSON pointer to `key`, for DuckDB's json functions. */
export const jsonPointer = (key: string) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/**
 * Span events in compact form: `[{"t":offset,"n":"name","a":{attributes},"d":dropped}]`, the time
 * as nanoseconds after the span's start (a few digits where the absolute time has 19 that do
 * not compress), "ta" with the absolute time when the offset is not exact as a double, "d" only
 * when attributes were dropped. Read back as the OTLP/JSON event list.
 */
export function compactEventsText(events: SpanEvent[], startNs: bigint): string {
  let text = '[';
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as SpanEvent;
    if (i > 0) text += ',';
    const offset = event.timeUnixNano - startNs;
    text += offset <= SAFE && offset >= -SAFE ? `{"t":${offset}` : `{"ta":"${event.timeUnixNano}"`;
    text += `,"n":${quote(event.name)},"a":${compactAttributesText(event.attributes)}`;
    text += event.droppedAttributesCount > 0 ? `,"d":${event.droppedAttributesCount}}` : '}';
  }
  return `${text}]`;
}

interface CompactEvent {
  t?: number;
  ta?: string;
  n?: string;
  a?: Record<string, unknown>;
  d?: number;
}

/** A span event in OTLP/JSON form, as storedEvents reads it back. */
export interface StoredEvent {
  timeUnixNano: string;
  name: string;
  attributes: OtlpJsonKeyValue[];
  droppedAttributesCount: number;
}

/** Stored compact events as the OTLP/JSON event list, the times absolute again. */
export function storedEvents(text: string, startNs: bigint): StoredEvent[] {
  const events = JSON.parse(text) as CompactEvent[];
  return events.map((event) => ({
    timeUnixNano: event.ta ?? (startNs + BigInt(event.t ?? 0)).toString(),
    name: event.n ?? '',
    attributes: otlpKeyValues(event.a),
    droppedAttributesCount: event.d ?? 0,
  }));
}

/** The same, as JSON text. */
export const storedEventsJson = (text: string, startNs: bigint) =>
  JSON.stringify(storedEvents(text, startNs));

interface OtlpJsonEvent {
  timeUnixNano?: string | number;
  name?: string;
  attributes?: OtlpJsonKeyValue[];
  droppedAttributesCount?: number;
}

/** OTLP/JSON event list text (schema v1) in the compact form: for the migration. */
export function compactEventsFromOtlpJson(text: string, startNs: bigint): string {
  const events = JSON.parse(text) as OtlpJsonEvent[];
  const parts = events.map((event) => {
    const time = BigInt(event.timeUnixNano ?? 0);
    const offset = time - startNs;
    const compact: Record<string, unknown> =
      offset <= SAFE && offset >= -SAFE ? { t: Number(offset) } : { ta: time.toString() };
    compact.n = event.name ?? '';
    compact.a = Object.fromEntries(compactEntries(event.attributes));
    if (event.droppedAttributesCount) compact.d = event.droppedAttributesCount;
    return JSON.stringify(compact);
  });
  return `[${parts.join(',')}]`;
}
