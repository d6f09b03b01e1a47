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

/**
 * google.rpc.Status, the body OTLP/HTTP sends with a 4xx or 5xx (and gRPC's status details).
 * With `retryDelaySeconds` it carries a RetryInfo, which OTLP's throttling asks servers to send
 * with UNAVAILABLE so that clients wait that long before retrying.
 */
export function encodeRpcStatus(
  code: number,
  message: string,
  encoding: Encoding,
  retryDelaySeconds?: number,
): Uint8Array {
  const retry = retryDelaySeconds !== undefined;
  if (encoding === 'json') {
    const details = [{ '@type': RETRY_INFO_TYPE, retryDelay: `${retryDelaySeconds}s` }];
    return Buffer.from(JSON.stringify(retry ? { code, message, details } : { code, message }));
  }
  const status = root.lookupType('otlp.RpcStatus');
  const details = retry ? [{ typeUrl: RETRY_INFO_TYPE, value: retryInfo(retryDelaySeconds) }] : [];
  return status.encode(status.create({ code, message, details })).finish();
}

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

function retryInfo(seconds: number): Uint8Array {
  const type = root.lookupType('otlp.RetryInfo');
  return type.encode(type.create({ retryDelay: { seconds } })).finish();
}

/** gRPC status codes used in RpcStatus bodies. */
export const RpcCode = {
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  INTERNAL: 13,
} as const;
