import { OTLP_PROTO } from '@otel-lab/otlp';
import protobuf from 'protobufjs';
import type { JaegerJsonTrace, JaegerTag } from './grafana-trace-to-logs.js';

/**
 * Tempo's TraceByIDResponse as Grafana's Tempo data source reads /api/v2/traces/{id}: the
 * trace (field 1) is a list of OTLP ResourceSpans (its field 1). Written from the issue's
 * description of the wire form, beside the backend's own OTLP schema.
 */
const root = protobuf.parse(
  `${OTLP_PROTO}
message GrafanaTempoTrace { repeated ResourceSpans resource_spans = 1; }
message GrafanaTraceByIdResponse { GrafanaTempoTrace trace = 1; }
`,
  { keepCase: false },
).root;
const responseType = root.lookupType('otlp.GrafanaTraceByIdResponse');

interface KeyValue {
  key: string;
  value?: Record<string, unknown>;
}
interface DecodedSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId?: Uint8Array;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: KeyValue[];
}
interface DecodedResourceSpans {
  resource?: { attributes?: KeyValue[] };
  scopeSpans?: { spans?: DecodedSpan[] }[];
}

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');
const tagsOf = (attributes: KeyValue[] = []): JaegerTag[] =>
  attributes.map(({ key, value }) => ({ key, value: Object.values(value ?? {})[0] }));
const micros = (nanos: string) => Number(BigInt(nanos) / 1000n);

/**
 * A TraceByIDResponse body in the shape the trace-to-logs model reads: one process a resource
 * (its attributes as tags), one span a span. The provisioned query reads only the trace id, so
 * which resource attributes Grafana keeps as tags does not change it.
 */
export function decodeTraceByIdResponse(body: Uint8Array): JaegerJsonTrace {
  const decoded = responseType.toObject(responseType.decode(body), { longs: String }) as {
    trace?: { resourceSpans?: DecodedResourceSpans[] };
  };
  const trace: JaegerJsonTrace = { traceID: '', spans: [], processes: {} };
  for (const [index, resourceSpans] of (decoded.trace?.resourceSpans ?? []).entries()) {
    const tags = tagsOf(resourceSpans.resource?.attributes);
    const service = tags.find((tag) => tag.key === 'service.name')?.value;
    const processID = `p${index + 1}`;
    trace.processes[processID] = { serviceName: String(service ?? ''), tags };
    for (const span of (resourceSpans.scopeSpans ?? []).flatMap((scope) => scope.spans ?? [])) {
      trace.traceID = hex(span.traceId);
      const parent = hex(span.parentSpanId);
      trace.spans.push({
        traceID: hex(span.traceId),
        spanID: hex(span.spanId),
        operationName: span.name,
        startTime: micros(span.startTimeUnixNano),
        duration: micros(span.endTimeUnixNano) - micros(span.startTimeUnixNano),
        processID,
        references: parent === '' ? [] : [{ refType: 'CHILD_OF', spanID: parent }],
        tags: tagsOf(span.attributes),
      });
    }
  }
  return trace;
}
