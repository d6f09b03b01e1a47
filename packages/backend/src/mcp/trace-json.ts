/**
 * One trace as the Jaeger API answers GET /api/traces/{id}: the same reader, the same answer
 * code (copies of a span read once, at most 20,000 spans), parsed back. The trace tools build on
 * it, so what an agent hears about a trace is what the Jaeger API and its UI show.
 */
import { jaegerTracesAnswer } from '../query/jaeger/jaeger-answer.js';
import type { JaegerTrace } from '../query/jaeger/to-jaeger-json.js';
import type { TraceReader } from '../query/jaeger/trace-reader.js';

const TRACE_ID = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32})$/;

/** A trace id as agents copy them: 32 hex digits (OTLP), or 16 (Jaeger's, high half zero). */
export function parseToolTraceId(text: string): bigint {
  if (!TRACE_ID.test(text)) {
    throw new Error(`traceId ${JSON.stringify(text)}: expected 32 (or 16) hex digits`);
  }
  return BigInt(`0x${text}`);
}

/** The trace `text` names, as /api/traces/{id} has it; a missing trace is an error saying so. */
export async function readJaegerTrace(reader: TraceReader, text: string): Promise<JaegerTrace> {
  const id = parseToolTraceId(text);
  const answer = await jaegerTracesAnswer(reader, {
    ids: [id],
    kind: 'search',
    raw: false,
    indent: 0,
  });
  const [trace] = (JSON.parse(answer.pieces.join('')) as { data: JaegerTrace[] }).data;
  if (!trace) throw new Error(`trace ${text.toLowerCase()} not found`);
  return trace;
}
