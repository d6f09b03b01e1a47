import { root } from './pb-fields.js';

export type Signal = 'traces' | 'metrics' | 'logs';
export type Encoding = 'protobuf' | 'json';

const RESPONSES: Record<Signal, { type: string; rejectedField: string }> = {
  traces: { type: 'otlp.ExportTraceServiceResponse', rejectedField: 'rejectedSpans' },
  metrics: { type: 'otlp.ExportMetricsServiceResponse', rejectedField: 'rejectedDataPoints' },
  logs: { type: 'otlp.ExportLogsServiceResponse', rejectedField: 'rejectedLogRecords' },
};

/**
 * The body of a successful export: empty for full success, partialSuccess with the rejected
 * count and the reason otherwise. JSON writes the int64 count as a string, as the mapping says.
 */
export function encodeExportResponse(
  signal: Signal,
  rejected: number,
  errorMessage: string,
  encoding: Encoding,
): Uint8Array {
  const { type, rejectedField } = RESPONSES[signal];
  const partial = rejected > 0 || errorMessage !== '';
  if (encoding === 'json') {
    const body = partial
      ? { partialSuccess: { [rejectedField]: String(rejected), errorMessage } }
      : {};
    return Buffer.from(JSON.stringify(body));
  }
  const message = root.lookupType(type);
  const payload = partial ? { partialSuccess: { [rejectedField]: rejected, errorMessage } } : {};
  return message.encode(message.create(payload)).finish();
}

/** google.rpc.Status, the body OTLP/HTTP sends with a 4xx or 5xx. */
export function encodeRpcStatus(code: number, message: string, encoding: Encoding): Uint8Array {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const status = root.lookupType('otlp.RpcStatus');
  return status.encode(status.create({ code, message })).finish();
}

/** gRPC status codes used in RpcStatus bodies. */
export const RpcCode = {
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  INTERNAL: 13,
} as const;
