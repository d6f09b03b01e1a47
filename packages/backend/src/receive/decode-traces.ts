import { decodeTracesJson, decodeTracesProtobuf, type Encoding } from '@otel-lab/otlp';
import { buildSpanColumns, type SpanColumns } from '../storage/span-columns.js';
import { type IngestLimits, limitRequest, limitSpan } from './ingest-limits.js';

/** A trace export request decoded, limited and laid out as `spans` columns. */
export interface DecodedSpans {
  columns: SpanColumns;
  rejected: number;
  rejectionReason: string;
}

/**
 * Everything between a request body and rows to append. Pure and synchronous, so it runs in a
 * decode worker (trace-decode-pool.ts) or, for a file import or a test, in the caller's thread.
 * Throws OtlpDecodeError for undecodable input.
 */
export function decodeTraces(
  encoding: Encoding,
  body: Uint8Array,
  limits: IngestLimits,
): DecodedSpans {
  const decoded = (encoding === 'protobuf' ? decodeTracesProtobuf : decodeTracesJson)(body);
  const limited = limitRequest(decoded, limits, (span) => limitSpan(span, limits));
  return {
    columns: buildSpanColumns(limited.items),
    rejected: limited.rejected,
    rejectionReason: limited.rejectionReason,
  };
}
