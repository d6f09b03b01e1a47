/**
 * A record's structured metadata, as Loki's OTLP endpoint and distributor give it: the log
 * attributes, the record's fields, the resource's and scope's (log-source.ts), then
 * detected_level. Where two have the same name the later wins, as Loki's label builder keeps it.
 */
import type { Label, Labels } from '@otel-lab/promql';
import type { OtlpJsonKeyValue } from '../storage/compact-attributes.js';
import { DETECTED_LEVEL, detectedLevel } from './detected-level.js';
import { flattenAttribute } from './flatten-attributes.js';
import type { LogSource } from './log-source.js';

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
  const out: { name: string; value: string }[] = [];
  for (const kv of record.attributes) flattenAttribute(kv.key, kv.value, out);
  if (record.timeNs !== 0n && record.observedNs !== 0n) {
    out.push({ name: 'observed_timestamp', value: record.observedNs.toString() });
  }
  if (record.severityNumber !== 0) {
    out.push({ name: 'severity_number', value: String(record.severityNumber) });
  }
  if (record.severityText !== '') out.push({ name: 'severity_text', value: record.severityText });
  if (record.droppedAttributes !== 0) {
    out.push({ name: 'dropped_attributes_count', value: String(record.droppedAttributes) });
  }
  if (record.flags !== 0) out.push({ name: 'flags', value: String(record.flags) });
  if (record.traceId !== '') out.push({ name: 'trace_id', value: record.traceId });
  if (record.spanId !== '') out.push({ name: 'span_id', value: record.spanId });
  for (const field of source.metadata) out.push(field);
  // The last of each name wins: keep it, in a pass from the end.
  const seen = new Set<string>();
  const kept: Label[] = [];
  for (let i = out.length - 1; i >= 0; i--) {
    const field = out[i] as { name: string; value: string };
    if (seen.has(field.name)) continue;
    seen.add(field.name);
    // An empty value is no label, as in every Prometheus-style label set.
    if (field.value !== '') kept.push(field);
  }
  const lookup = (name: string) => {
    for (const field of kept) if (field.name === name) return field.value;
    return undefined;
  };
  const label = (name: string) => source.labels.find((l) => l.name === name)?.value;
  const level = detectedLevel(label, lookup, line);
  if (!seen.has(DETECTED_LEVEL)) kept.push({ name: DETECTED_LEVEL, value: level });
  return kept.sort(byName);
}
