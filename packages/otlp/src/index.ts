export { decodeLogsJson, decodeTracesJson } from './decode-json.js';
export { decodeLogsProtobuf, decodeTracesProtobuf } from './decode-protobuf.js';
export type {
  AnyValue,
  Decoded,
  KeyValue,
  LogData,
  ResourceData,
  ScopeData,
  SpanData,
  SpanEvent,
  SpanLink,
} from './model.js';
export { OtlpDecodeError } from './model.js';
