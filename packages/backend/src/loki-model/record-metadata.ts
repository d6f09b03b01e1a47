/**
 * A record's structured metadata, as Loki's OTLP endpoint and distributor give it: the log
 * attributes, the record's fields, the resource's and scope's (log-source.ts), then
 * detected_level. Where two have the same name the later wins, as Loki's label builder keeps it.
 */
import type { Label, Labels } from '@otel-lab/promql';
import { DETECTED_LEVEL, detectedLevel } from './detected-level.js';
import { flattenAttribute } from './flatten-attributes.js';
import type { LogSource } from './log-source.js';
import type { OtlpJsonKeyValue } from './otlp-json.js';

export interface StoredRecordFields {
  timeNs: bigint;
  observedNs: bigint;
  severityNumber: number;
  severityText: string;
  droppedAttributes: number;
  flags: number;
  /** Lower-case hex, '' when absent. */
  traceId: string;
  spanId: string;
  attributes: readonly OtlpJsonKeyValue[];
}

const byName = (a: Label, b: Label) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function recordMetadata(
  record: StoredRecordFields,
  source: LogSource,
  line: string,
): Labels {
  const fields = new Map<string, string>();
  const out: { name: string; value: string }[] = [];
  for (const kv of record.attributes) flattenAttribute(kv.key, kv.value, out);
  for (const { name, value } of out) fields.set(name, value);
  if (record.timeNs !== 0n && record.observedNs !== 0n) {
    fields.set('observed_timestamp', record.observedNs.toString());
  }
  if (record.severityNumber !== 0) fields.set('severity_number', String(record.severityNumber));
  if (record.severityText !== '') fields.set('severity_text', record.severityText);
  if (record.droppedAttributes !== 0) {
    fields.set('dropped_attributes_count', String(record.droppedAttributes));
  }
  if (record.flags !== 0) fields.set('flags', String(record.flags));
  if (record.traceId !== '') fields.set('trace_id', record.traceId);
  if (record.spanId !== '') fields.set('span_id', record.spanId);
  for (const { name, value } of source.metadata) fields.set(name, value);
  const label = (name: string) => source.labels.find((l) => l.name === name)?.value;
  fields.set(
    DETECTED_LEVEL,
    detectedLevel(label, (name) => fields.get(name), line),
  );
  // An empty value is no label, as in every Prometheus-style label set.
  return [...fields]
    .filter(([, value]) => value !== '')
    .map(([name, value]) => ({ name, value }))
    .sort(byName);
}
