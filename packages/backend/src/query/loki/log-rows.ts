/** Stored log rows as Loki entries (loki-model's mapping); the SQL that reads them. */
import type { LogEntry } from '@otel-lab/logql';
import { lineOf } from '../../loki-model/log-source.js';
import type { OtlpJsonKeyValue } from '../../loki-model/otlp-json.js';
import { recordMetadata } from '../../loki-model/record-metadata.js';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { STRING_BODY, STRING_LINE } from './line-filter-sql.js';
import type { SourceIndex } from './source-index.js';

/** The columns an entry is built from; `line` is set for string bodies, `body` for the others. */
export const ENTRY_COLUMNS = `${LOG_TIME} AS t, seq, source_id, time_ns, observed_ns,
  severity_number, severity_text,
  CASE WHEN ${STRING_BODY} THEN ${STRING_LINE} END AS line,
  CASE WHEN NOT ${STRING_BODY} THEN body::VARCHAR END AS body,
  attributes::VARCHAR AS attributes, dropped_attributes, flags, trace_id, span_id`;

export type EntryRow = Record<string, unknown>;

const hex = (value: unknown, digits: number) =>
  typeof value === 'bigint' ? value.toString(16).padStart(digits, '0') : '';

const NO_ATTRIBUTES: OtlpJsonKeyValue[] = [];

function attributesOf(text: unknown): OtlpJsonKeyValue[] {
  if (text === null || text === undefined || text === '[]') return NO_ATTRIBUTES;
  return JSON.parse(String(text)) as OtlpJsonKeyValue[];
}

/** An entry from a row of ENTRY_COLUMNS; undefined when its source is unknown (never stored). */
export function entryOf(row: EntryRow, sources: SourceIndex): LogEntry | undefined {
  const source = sources.get(Number(row.source_id));
  if (!source) return undefined;
  const line =
    row.line !== null && row.line !== undefined
      ? String(row.line)
      : lineOf(
          row.body === null || row.body === undefined ? undefined : JSON.parse(String(row.body)),
        );
  const metadata = recordMetadata(
    {
      timeNs: BigInt((row.time_ns as bigint | null) ?? 0n),
      observedNs: BigInt((row.observed_ns as bigint | null) ?? 0n),
      severityNumber: Number(row.severity_number ?? 0),
      severityText: String(row.severity_text ?? ''),
      droppedAttributes: Number(row.dropped_attributes ?? 0),
      flags: Number(row.flags ?? 0),
      traceId: hex(row.trace_id, 32),
      spanId: hex(row.span_id, 16),
      attributes: attributesOf(row.attributes),
    },
    source,
    line,
  );
  return { timestampNs: BigInt(row.t as bigint), line, labels: source.labels, metadata };
}
