import { OTLP_PROTO } from '@otel-lab/otlp';
import protobuf from 'protobufjs';

/**
 * Tempo's wrappers around OTLP's ResourceSpans (tempopb's tempo.proto, field numbers as Tempo
 * has them): TraceByIDResponse holds the trace as field 1 and its metrics as field 2 (left
 * empty here); Trace holds the ResourceSpans as field 1, the wire form of OTLP's TracesData.
 */
const TEMPO_WRAPPERS = `
message TempoTrace { repeated ResourceSpans resource_spans = 1; }
message TraceByIDMetrics {}
message TraceByIDResponse {
  TempoTrace trace = 1;
  TraceByIDMetrics metrics = 2;
}
`;

/** OTLP's messages with Tempo's wrappers beside them (camelCase fields, as protobufjs makes). */
export const tempoRoot = protobuf.parse(`${OTLP_PROTO}${TEMPO_WRAPPERS}`, { keepCase: false }).root;

const traceType = tempoRoot.lookupType('otlp.TempoTrace');
const responseType = tempoRoot.lookupType('otlp.TraceByIDResponse');

/** Tempo's Trace message: `resourceSpans` in protobufjs form (to-tempo-pb.ts). */
export function encodeTempoTrace(resourceSpans: unknown[]): Uint8Array {
  return traceType.encode({ resourceSpans }).finish();
}

/** Tempo's TraceByIDResponse of one trace, as /api/v2/traces answers it. */
export function encodeTraceByIdResponse(resourceSpans: unknown[]): Uint8Array {
  return responseType.encode({ trace: { resourceSpans }, metrics: {} }).finish();
}
