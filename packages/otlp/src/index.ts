export { decodeLogsJson, decodeTracesJson } from './decode-json.js';
export { decodeMetricsJson } from './decode-json-metrics.js';
export { decodeLogsProtobuf } from './decode-protobuf-logs.js';
export { decodeMetricsProtobuf } from './decode-protobuf-metrics.js';
export {
  decodeTracesProtobuf,
  readSpanLink,
  TRACES_ENVELOPE,
} from './decode-protobuf-traces.js';
export type { Encoding, Signal } from './encode-response.js';
export { encodeExportResponse, encodeRpcStatus, RpcCode } from './encode-response.js';
export type {
  AnyValue,
  Decoded,
  Exemplar,
  ExponentialBuckets,
  ExponentialHistogramPoint,
  HistogramPoint,
  KeyValue,
  LogData,
  MetricData,
  MetricPoints,
  NumberPoint,
  ResourceData,
  ScopeData,
  SpanData,
  SpanEvent,
  SpanLink,
  SummaryPoint,
} from './model.js';
export { OtlpDecodeError } from './model.js';
export { OTLP_PROTO } from './otlp-proto.js';
// Wire-level reading, for decoders that write straight into another layout (the backend's columns).
export { decodeEnvelope, type EnvelopeItem, type EnvelopeNames } from './pb-envelope.js';
export { anyValue, type Reader, readerOf } from './pb-reader.js';
export { spanIdsRejection } from './validate.js';
