import type { Decoded, ResourceData, ScopeData, SpanData, SpanEvent, SpanLink } from './model.js';
import { attributeInto, decodeEnvelope, type EnvelopeNames } from './pb-envelope.js';
import { endOf, expectWire, fixed64, hexBytes, type Reader, WIRE } from './pb-reader.js';
import { collect, spanRejection } from './validate.js';

// Field numbers from opentelemetry/proto/trace/v1/trace.proto.

/** A Span.Event message that ends at `end`. */
function readSpanEvent(reader: Reader, end: number): SpanEvent {
  const data: SpanEvent = { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 };
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE.fixed64, 'Span.Event');
        data.timeUnixNano = fixed64(reader);
        break;
      case 2:
        expectWire(tag, WIRE.bytes, 'Span.Event');
        data.name = reader.string();
        break;
      case 3:
        attributeInto(reader, tag, data.attributes, 'Span.Event');
        break;
      case 4:
        expectWire(tag, WIRE.varint, 'Span.Event');
        data.droppedAttributesCount = reader.uint32();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  return data;
}

/** A Span.Link message that ends at `end`. */
export function readSpanLink(reader: Reader, end: number): SpanLink {
  const data: SpanLink = {
    traceId: '',
    spanId: '',
    traceState: '',
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
  };
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE.bytes, 'Span.Link');
        data.traceId = hexBytes(reader);
        break;
      case 2:
        expectWire(tag, WIRE.bytes, 'Span.Link');
        data.spanId = hexBytes(reader);
        break;
      case 3:
        expectWire(tag, WIRE.bytes, 'Span.Link');
        data.traceState = reader.string();
        break;
      case 4:
        attributeInto(reader, tag, data.attributes, 'Span.Link');
        break;
      case 5:
        expectWire(tag, WIRE.varint, 'Span.Link');
        data.droppedAttributesCount = reader.uint32();
        break;
      case 6:
        expectWire(tag, WIRE.fixed32, 'Span.Link');
        data.flags = reader.fixed32();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  return data;
}

function status(reader: Reader, end: number, span: SpanData): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 2) {
      expectWire(tag, WIRE.bytes, 'Status');
      span.status.message = reader.string();
    } else if (tag >>> 3 === 3) {
      expectWire(tag, WIRE.varint, 'Status');
      span.status.code = reader.int32();
    } else reader.skipType(tag & 7);
  }
}

function span(reader: Reader, end: number, res: ResourceData, sc: ScopeData): SpanData {
  const data: SpanData = {
    resource: res,
    scope: sc,
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
  };
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE.bytes, 'Span');
        data.traceId = hexBytes(reader);
        break;
      case 2:
        expectWire(tag, WIRE.bytes, 'Span');
        data.spanId = hexBytes(reader);
        break;
      case 3:
        expectWire(tag, WIRE.bytes, 'Span');
        data.traceState = reader.string();
        break;
      case 4:
        expectWire(tag, WIRE.bytes, 'Span');
        data.parentSpanId = hexBytes(reader);
        break;
      case 5:
        expectWire(tag, WIRE.bytes, 'Span');
        data.name = reader.string();
        break;
      case 6:
        expectWire(tag, WIRE.varint, 'Span');
        data.kind = reader.int32();
        break;
      case 7:
        expectWire(tag, WIRE.fixed64, 'Span');
        data.startTimeUnixNano = fixed64(reader);
        break;
      case 8:
        expectWire(tag, WIRE.fixed64, 'Span');
        data.endTimeUnixNano = fixed64(reader);
        break;
      case 9:
        attributeInto(reader, tag, data.attributes, 'Span');
        break;
      case 10:
        expectWire(tag, WIRE.varint, 'Span');
        data.droppedAttributesCount = reader.uint32();
        break;
      case 11:
        expectWire(tag, WIRE.bytes, 'Span');
        data.events.push(readSpanEvent(reader, endOf(reader)));
        break;
      case 12:
        expectWire(tag, WIRE.varint, 'Span');
        data.droppedEventsCount = reader.uint32();
        break;
      case 13:
        expectWire(tag, WIRE.bytes, 'Span');
        data.links.push(readSpanLink(reader, endOf(reader)));
        break;
      case 14:
        expectWire(tag, WIRE.varint, 'Span');
        data.droppedLinksCount = reader.uint32();
        break;
      case 15:
        expectWire(tag, WIRE.bytes, 'Span');
        data.status = { code: 0, message: '' };
        status(reader, endOf(reader), data);
        break;
      case 16:
        expectWire(tag, WIRE.fixed32, 'Span');
        data.flags = reader.fixed32();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  return data;
}

/** The message names of a trace request's envelope. */
export const TRACES_ENVELOPE: EnvelopeNames = {
  request: 'ExportTraceServiceRequest',
  resourceBlock: 'ResourceSpans',
  scopeBlock: 'ScopeSpans',
};

/** Decodes an ExportTraceServiceRequest in protobuf encoding. */
export function decodeTracesProtobuf(bytes: Uint8Array): Decoded<SpanData> {
  const spans = decodeEnvelope(bytes, TRACES_ENVELOPE, span);
  return collect(spans, spanRejection);
}
