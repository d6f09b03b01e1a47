/** Stored log rows as Loki entries (loki-model's mapping); the SQL that reads them. */
import type { LogEntry } from '@otel-lab/logql';
import type { Labels } from '@otel-lab/promql';
import { lineOf } from '../../loki-model/log-source.js';
import { recordMetadata } from '../../loki-model/record-metadata.js';
import type { OtlpJsonKeyValue } from '../../storage/compact-attributes.js';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { STRING_BODY, STRING_LINE } from './line-filter-sql.js';
import type { SourceIndex } from './source-index.js';

/** The columns an entry is built from; `line` is set for string bodies, `body` for the others. */
export const ENTRY_COLUMNS = `${LOG_TIME} AS t, seq, source_id, time_ns, observed_ns,
  severity_number, severity_text,
  CASE WHEN ${STRING_BODY} THEN ${STRING_LINE} END AS line,
  CASE WHEN NOT ${STRING_BODY} THEN body::VARCHAR END AS body,
  attributes::VARCHAR AS attributes, dropped_attributes, flags, trace_id, span_id`;

const hex = (value: unknown, digits: number) =>
  typeof value === 'bigint' ? value.toString(16).padStart(digits, '0') : '';

const NO_ATTRIBUTES: OtlpJsonKeyValue[] = [];

function attributesOf(text: unknown): OtlpJsonKeyValue[] {
  if (text === null || text === undefined || text === '[]') return NO_ATTRIBUTES;
  return JSON.parse(String(text)) as OtlpJsonKeyValue[];
}

/** Result columns of ENTRY_COLUMNS by name (DuckDB's columnar read, cheaper than row objects). */
export type EntryColumns = Record<string, readonly unknown[]>;

/**
 * The entries of rows read with ENTRY_COLUMNS; a row whose source is unknown (never stored) is
 * left out.
 */
export function entriesOf(columns: EntryColumns, sources: SourceIndex): LogEntry[] {
  const col = (name: string) => columns[name] ?? [];
  const [t, sourceId, lines, bodies] = [col('t'), col('source_id'), col('line'), col('body')];
  const out: LogEntry[] = [];
  for (let i = 0; i < t.length; i++) {
    const source = sources.get(Number(sourceId[i]));
    if (!source) continue;
    const text = lines[i];
    const body = bodies[i];
    const line =
      text !== null && text !== undefined
        ? String(text)
        : lineOf(body === null || body === undefined ? undefined : JSON.parse(String(body)));
    let metadata: Labels | undefined;
    out.push({
      timestampNs: BigInt(t[i] as bigint),
      line,
      labels: source.labels,
      // Built when first read: a metric query over many records may never look at it.
      get metadata(): Labels {
        metadata ??= recordMetadata(
          {
            timeNs: BigInt((col('time_ns')[i] as bigint | null) ?? 0n),
            observedNs: BigInt((col('observed_ns')[i] as bigint | null) ?? 0n),
            severityNumber: Number(col('severity_number')[i] ?? 0),
            severityText: String(col('severity_text')[i] ?? ''),
            droppedAttributes: Number(col('dropped_attributes')[i] ?? 0),
            flags: Number(col('flags')[i] ?? 0),
            traceId: hex(col('trace_id')[i], 32),
            spanId: hex(col('span_id')[i], 16),
            attributes: attributesOf(col('attributes')[i]),
          },
          source,
          line,
        );
        return metadata;
      },
    });
  }
  return out;
}
