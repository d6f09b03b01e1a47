import Long from 'long';
import protobuf from 'protobufjs';
import {
  type AnyValue,
  type KeyValue,
  OtlpDecodeError,
  type ResourceData,
  type ScopeData,
} from './model.js';
import { OTLP_PROTO } from './otlp-proto.js';

// 64-bit fields decode to Long, turned into bigint below; without it they would lose precision.
protobuf.util.Long = Long;
protobuf.configure();

export const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;

// The decoded messages, as protobufjs builds them: camelCase fields, proto3 defaults on unset ones.
export interface PbAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Long | number;
  doubleValue?: number;
  bytesValue?: Uint8Array;
  arrayValue?: { values?: PbAnyValue[] };
  kvlistValue?: { values?: PbKeyValue[] };
}
export interface PbKeyValue {
  key?: string;
  value?: PbAnyValue | null;
}
export interface PbResource {
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
}
export interface PbScope extends PbResource {
  name?: string;
  version?: string;
}
export type Fixed64 = Long | number | undefined;
export interface PbSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  parentSpanId?: Uint8Array;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: Fixed64;
  endTimeUnixNano?: Fixed64;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
  events?: {
    timeUnixNano?: Fixed64;
    name?: string;
    attributes?: PbKeyValue[];
    droppedAttributesCount?: number;
  }[];
  droppedEventsCount?: number;
  links?: {
    traceId?: Uint8Array;
    spanId?: Uint8Array;
    traceState?: string;
    attributes?: PbKeyValue[];
    droppedAttributesCount?: number;
    flags?: number;
  }[];
  droppedLinksCount?: number;
  status?: { code?: number; message?: string } | null;
}
export interface PbLog {
  timeUnixNano?: Fixed64;
  observedTimeUnixNano?: Fixed64;
  severityNumber?: number;
  severityText?: string;
  body?: PbAnyValue | null;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  eventName?: string;
}
export interface PbTraceRequest {
  resourceSpans?: {
    resource?: PbResource | null;
    schemaUrl?: string;
    scopeSpans?: { scope?: PbScope | null; schemaUrl?: string; spans?: PbSpan[] }[];
  }[];
}
export interface PbLogsRequest {
  resourceLogs?: {
    resource?: PbResource | null;
    schemaUrl?: string;
    scopeLogs?: { scope?: PbScope | null; schemaUrl?: string; logRecords?: PbLog[] }[];
  }[];
}

export const hex = (bytes: Uint8Array | undefined) =>
  bytes ? Buffer.from(bytes).toString('hex') : '';

export function unsigned(value: Fixed64): bigint {
  if (value === undefined) return 0n;
  if (typeof value === 'number') return BigInt(value);
  return BigInt.asUintN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0));
}

export function signed(value: Long | number | undefined): bigint {
  return BigInt.asIntN(64, unsigned(value));
}

export function anyValue(value: PbAnyValue | null | undefined): AnyValue {
  switch (value?.value) {
    case 'stringValue':
      return { type: 'string', value: value.stringValue ?? '' };
    case 'boolValue':
      return { type: 'bool', value: value.boolValue ?? false };
    case 'intValue':
      return { type: 'int', value: signed(value.intValue) };
    case 'doubleValue':
      return { type: 'double', value: value.doubleValue ?? 0 };
    case 'bytesValue':
      return { type: 'bytes', value: new Uint8Array(value.bytesValue ?? []) };
    case 'arrayValue':
      return { type: 'array', value: (value.arrayValue?.values ?? []).map(anyValue) };
    case 'kvlistValue':
      return { type: 'kvlist', value: keyValues(value.kvlistValue?.values) };
    default:
      return { type: 'empty' };
  }
}

export function keyValues(list: PbKeyValue[] | undefined): KeyValue[] {
  return (list ?? []).map((kv) => ({ key: kv.key ?? '', value: anyValue(kv.value) }));
}

export function resourceOf(resource: PbResource | null | undefined, schemaUrl = ''): ResourceData {
  return {
    attributes: keyValues(resource?.attributes),
    droppedAttributesCount: resource?.droppedAttributesCount ?? 0,
    schemaUrl,
  };
}

export function scopeOf(scope: PbScope | null | undefined, schemaUrl = ''): ScopeData {
  return {
    name: scope?.name ?? '',
    version: scope?.version ?? '',
    ...resourceOf(scope, schemaUrl),
  };
}

export function decodeMessage<T>(type: protobuf.Type, bytes: Uint8Array, what: string): T {
  try {
    return type.decode(bytes) as unknown as T;
  } catch (error) {
    // Truncated or mistyped input, and nesting deep enough to exhaust the stack, all end here.
    throw new OtlpDecodeError(`invalid ${what} protobuf: ${(error as Error).message}`);
  }
}
