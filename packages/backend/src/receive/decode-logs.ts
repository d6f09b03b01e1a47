import { decodeLogsJson, decodeLogsProtobuf, type Encoding } from '@otel-lab/otlp';
import type { IngestLevels } from '../storage/ingest-level.js';
import { buildLogColumns, type LogColumns } from '../storage/log-columns.js';
import { type IngestLimits, limitLog, limitRequest } from './ingest-limits.js';

/** A logs export request decoded, limited and laid out as `logs` columns. */
export interface DecodedLogs {
  columns: LogColumns;
  rejected: number;
  rejectionReason: string;
}

/**
 * Everything between a logs request body and rows to append, as decodeTraces is for spans: pure
 * and synchronous, run in the decode worker or the caller's thread. Throws OtlpDecodeError for
 * undecodable input. `levels` computes each record's detected_level (ingest-level.ts).
 */
export function decodeLogs(
  encoding: Encoding,
  body: Uint8Array,
  limits: IngestLimits,
  levels: IngestLevels,
): DecodedLogs {
  const decoded = (encoding === 'protobuf' ? decodeLogsProtobuf : decodeLogsJson)(body);
  const limited = limitRequest(decoded, limits, (log) => limitLog(log, limits));
  return {
    columns: buildLogColumns(limited.items, levels),
    rejected: limited.rejected,
    rejectionReason: limited.rejectionReason,
  };
}
