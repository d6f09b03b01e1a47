import type { KeyValue, ResourceData, ScopeData } from './model.js';
import { decodeWith, endOf, expectWire, keyValue, type Reader, WIRE } from './pb-reader.js';

/**
 * The envelope every OTLP export request shares, read by hand: Resource{Spans,Logs} holding a
 * resource and Scope{Spans,Logs}, each holding a scope and its items (field numbers from
 * opentelemetry/proto/{trace,logs}/v1 and common/v1, resource/v1). The signal reads its items.
 */

export function attributeInto(reader: Reader, tag: number, list: KeyValue[], message: string) {
  expectWire(tag, WIRE.bytes, message);
  list.push(keyValue(reader, endOf(reader)));
}

function resource(reader: Reader, end: number): ResourceData {
  const data: ResourceData = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) attributeInto(reader, tag, data.attributes, 'Resource');
    else if (tag >>> 3 === 2) {
      expectWire(tag, WIRE.varint, 'Resource');
      data.droppedAttributesCount = reader.uint32();
    } else reader.skipType(tag & 7);
  }
  return data;
}

const emptyScope = (): ScopeData => ({
  name: '',
  version: '',
  attributes: [],
  droppedAttributesCount: 0,
  schemaUrl: '',
});

function scope(reader: Reader, end: number): ScopeData {
  const data = emptyScope();
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE.bytes, 'InstrumentationScope');
        data.name = reader.string();
        break;
      case 2:
        expectWire(tag, WIRE.bytes, 'InstrumentationScope');
        data.version = reader.string();
        break;
      case 3:
        attributeInto(reader, tag, data.attributes, 'InstrumentationScope');
        break;
      case 4:
        expectWire(tag, WIRE.varint, 'InstrumentationScope');
        data.droppedAttributesCount = reader.uint32();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  return data;
}

/** An item of a scope block: it names its resource and scope. */
export interface EnvelopeItem {
  resource: ResourceData;
  scope: ScopeData;
}

/** Reads one item (a Span, a LogRecord) that ends at `end`. */
export type ItemReader<T> = (
  reader: Reader,
  end: number,
  resource: ResourceData,
  scope: ScopeData,
) => T;

/** The message names of a signal's envelope, for error texts. */
export interface EnvelopeNames {
  request: string;
  resourceBlock: string;
  scopeBlock: string;
}

/** A scope block: its scope comes before its items on the wire, but need not; items are fixed up. */
function scopeBlock<T extends EnvelopeItem>(
  reader: Reader,
  end: number,
  res: ResourceData,
  out: T[],
  names: EnvelopeNames,
  item: ItemReader<T>,
): void {
  const first = out.length;
  let sc: ScopeData | undefined;
  let schemaUrl = '';
  const placeholder = emptyScope();
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE.bytes, names.scopeBlock);
        sc = scope(reader, endOf(reader));
        break;
      case 2:
        expectWire(tag, WIRE.bytes, names.scopeBlock);
        out.push(item(reader, endOf(reader), res, sc ?? placeholder));
        break;
      case 3:
        expectWire(tag, WIRE.bytes, names.scopeBlock);
        schemaUrl = reader.string();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  const final = sc ?? placeholder;
  final.schemaUrl = schemaUrl;
  for (let i = first; i < out.length; i++) (out[i] as T).scope = final;
}

function resourceBlock<T extends EnvelopeItem>(
  reader: Reader,
  end: number,
  out: T[],
  names: EnvelopeNames,
  item: ItemReader<T>,
): void {
  const first = out.length;
  let res: ResourceData | undefined;
  let schemaUrl = '';
  const placeholder: ResourceData = { attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE.bytes, names.resourceBlock);
        res = resource(reader, endOf(reader));
        break;
      case 2:
        expectWire(tag, WIRE.bytes, names.resourceBlock);
        scopeBlock(reader, endOf(reader), res ?? placeholder, out, names, item);
        break;
      case 3:
        expectWire(tag, WIRE.bytes, names.resourceBlock);
        schemaUrl = reader.string();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  const final = res ?? placeholder;
  final.schemaUrl = schemaUrl;
  for (let i = first; i < out.length; i++) (out[i] as T).resource = final;
}

/** Every item of an export request, in wire order. Throws OtlpDecodeError for malformed input. */
export function decodeEnvelope<T extends EnvelopeItem>(
  bytes: Uint8Array,
  names: EnvelopeNames,
  item: ItemReader<T>,
): T[] {
  return decodeWith(bytes, names.request, (reader) => {
    const out: T[] = [];
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 1) {
        expectWire(tag, WIRE.bytes, names.request);
        resourceBlock(reader, endOf(reader), out, names, item);
      } else reader.skipType(tag & 7);
    }
    return out;
  });
}
