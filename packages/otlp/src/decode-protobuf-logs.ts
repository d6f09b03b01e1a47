import type { AnyValue, Decoded, LogData, ResourceData, ScopeData } from './model.js';
import { attributeInto, decodeEnvelope } from './pb-envelope.js';
import { anyValue, endOf, expectWire, fixed64, hexBytes, type Reader, WIRE } from './pb-reader.js';
import { collect, logRejection } from './validate.js';

// Field numbers from opentelemetry/proto/logs/v1/logs.proto. Read by hand, as spans are: the
// reflection decoder and a walk over its objects cost about twice as much on the ingest path.

const EMPTY: AnyValue = Object.freeze({ type: 'empty' });

function logRecord(reader: Reader, end: number, res: ResourceData, sc: ScopeData): LogData {
  const data: LogData = {
    resource: res,
    scope: sc,
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: EMPTY,
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
  };
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE.fixed64, 'LogRecord');
        data.timeUnixNano = fixed64(reader);
        break;
      case 2:
        expectWire(tag, WIRE.varint, 'LogRecord');
        data.severityNumber = reader.int32();
        break;
      case 3:
        expectWire(tag, WIRE.bytes, 'LogRecord');
        data.severityText = reader.string();
        break;
      case 5:
        expectWire(tag, WIRE.bytes, 'LogRecord');
        data.body = anyValue(reader, endOf(reader), 0);
        break;
      case 6:
        attributeInto(reader, tag, data.attributes, 'LogRecord');
        break;
      case 7:
        expectWire(tag, WIRE.varint, 'LogRecord');
        data.droppedAttributesCount = reader.uint32();
        break;
      case 8:
        expectWire(tag, WIRE.fixed32, 'LogRecord');
        data.flags = reader.fixed32();
        break;
      case 9:
        expectWire(tag, WIRE.bytes, 'LogRecord');
        data.traceId = hexBytes(reader);
        break;
      case 10:
        expectWire(tag, WIRE.bytes, 'LogRecord');
        data.spanId = hexBytes(reader);
        break;
      case 11:
        expectWire(tag, WIRE.fixed64, 'LogRecord');
        data.observedTimeUnixNano = fixed64(reader);
        break;
      case 12:
        expectWire(tag, WIRE.bytes, 'LogRecord');
        data.eventName = reader.string();
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  return data;
}

/** Decodes an ExportLogsServiceRequest in protobuf encoding. */
export function decodeLogsProtobuf(bytes: Uint8Array): Decoded<LogData> {
  const logs = decodeEnvelope(
    bytes,
    { request: 'ExportLogsServiceRequest', resourceBlock: 'ResourceLogs', scopeBlock: 'ScopeLogs' },
    logRecord,
  );
  return collect(logs, logRejection);
}
