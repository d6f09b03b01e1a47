import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TraceReader } from '../jaeger/trace-reader.js';
import { toOtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';
import { readTempoTrace } from './read-trace.js';
import { TempoError } from './tempo-error.js';
import { encodeTempoTrace, encodeTraceByIdResponse } from './tempo-proto.js';
import { parseTraceWindow } from './tempo-range.js';
import { parseTempoTraceId } from './tempo-trace-id.js';
import { toTempoJson } from './to-tempo-json.js';
import { toTempoPb } from './to-tempo-pb.js';

/** Whether the request's Accept asks for protobuf, as Grafana's Tempo data source always does. */
export function acceptsProtobuf(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').toLowerCase().includes('application/protobuf');
}

/** The trace `rawId` (the path segment, undecoded) as OTLP/JSON ResourceSpans; 404 if absent. */
async function traceOf(reader: TraceReader, request: IncomingMessage, rawId: string) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const id = parseTempoTraceId(rawId);
  const rows = await readTempoTrace(reader, id, parseTraceWindow(url.searchParams));
  if (rows === undefined) throw new TempoError(404, 'trace not found');
  return toOtlpResourceSpans(rows);
}

function sendProtobuf(response: ServerResponse, body: Uint8Array): void {
  response.writeHead(200, { 'content-type': 'application/protobuf' });
  response.end(body);
}

/**
 * /api/v2/traces/{id}: Tempo's TraceByIDResponse, as protobuf when Accept asks for it, else
 * its JSON `{"trace":{"resourceSpans":[…]}}`.
 */
export async function answerTraceV2(
  reader: TraceReader,
  request: IncomingMessage,
  response: ServerResponse,
  rawId: string,
): Promise<void> {
  const resourceSpans = await traceOf(reader, request, rawId);
  if (acceptsProtobuf(request)) {
    sendProtobuf(response, encodeTraceByIdResponse(toTempoPb(resourceSpans)));
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ trace: { resourceSpans: toTempoJson(resourceSpans) } }));
}

/** /api/traces/{id} asked for protobuf: Tempo's Trace message (the wire form of TracesData). */
export async function answerTraceV1Protobuf(
  reader: TraceReader,
  request: IncomingMessage,
  response: ServerResponse,
  rawId: string,
): Promise<void> {
  const resourceSpans = await traceOf(reader, request, rawId);
  sendProtobuf(response, encodeTempoTrace(toTempoPb(resourceSpans)));
}
