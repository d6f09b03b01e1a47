import { decodeTracesJson, decodeTracesProtobuf, type Encoding } from '@otel-lab/otlp';
import type { SpanSummary } from '../metrics/span-resource.js';
import { buildSpanColumns, type SpanColumns } from '../storage/span-columns.js';
import { decodeSpanColumns } from './decode-span-columns.js';
import { type IngestLimits, limitRequest, limitSpan } from './ingest-limits.js';

/** A trace export request decoded, limited and laid out as `spans` columns. */
export interface DecodedSpans {
  columns: SpanColumns;
  rejected: number;
  rejectionReason: string;
}

/**
 * Everything between a request body and rows to append. Pure and synchronous, so it runs in a
 * decode worker (decode-pool.ts) or, for a file import or a test, in the caller's thread.
 * Throws OtlpDecodeError for undecodable input. `onSpans` sees the accepted spans (span metrics
 * are derived there, not from the columns).
 *
 * Protobuf goes straight into the columns (decode-span-columns.ts); JSON, and protobuf that way
 * does not take (malformed, or over the request's span limit), is decoded into span objects first.
 */
export function decodeTraces(
  encoding: Encoding,
  body: Uint8Array,
  limits: IngestLimits,
  onSpans?: (spans: readonly SpanSummary[]) => void,
): DecodedSpans {
  const direct = encoding === 'protobuf' ? decodeSpanColumns(body, limits) : undefined;
  if (direct) {
    if (direct.spans.length > 0) onSpans?.(direct.spans);
    return {
      columns: direct.columns,
      rejected: direct.rejected,
      rejectionReason: direct.rejectionReason,
    };
  }
  const decoded = (encoding === 'protobuf' ? decodeTracesProtobuf : decodeTracesJson)(body);
  const limited = limitRequest(decoded, limits, (span) => limitSpan(span, limits));
  if (limited.items.length > 0) onSpans?.(limited.items);
  return {
    columns: buildSpanColumns(limited.items),
    rejected: limited.rejected,
    rejectionReason: limited.rejectionReason,
  };
}
