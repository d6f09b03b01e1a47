// oteldb's logs.jsonl (123 OTLP/JSON records) as Loki's OTLP endpoint would store them: the index
// label service_name ("unknown_service", the resource has none), every attribute as structured
// metadata with dots turned to underscores, the string body as the line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Label } from '@otel-lab/promql';
import type { LogEntry } from '../storage';
import { conformanceDir } from './shared-data';

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string };
}
interface OtlpRecord {
  readonly timeUnixNano: string;
  readonly body: { readonly stringValue: string };
  readonly attributes?: readonly OtlpAttribute[];
}
interface OtlpRequest {
  readonly resourceLogs: readonly {
    readonly resource?: { readonly attributes?: readonly OtlpAttribute[] };
    readonly scopeLogs: readonly { readonly logRecords: readonly OtlpRecord[] }[];
  }[];
}

export const fixtureFile = 'oteldb/logs.jsonl';

export function loadOteldbLogs(): LogEntry[] {
  const text = readFileSync(join(conformanceDir, fixtureFile), 'utf8');
  const entries: LogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const request = JSON.parse(line) as OtlpRequest;
    for (const rl of request.resourceLogs) {
      const service = rl.resource?.attributes?.find((a) => a.key === 'service.name')?.value
        .stringValue;
      for (const sl of rl.scopeLogs) {
        for (const r of sl.logRecords) {
          const metadata: Label[] = (r.attributes ?? []).map((a) => ({
            name: a.key.replace(/[^A-Za-z0-9_]/g, '_'),
            value: a.value.stringValue ?? '',
          }));
          entries.push({
            timestampNs: BigInt(r.timeUnixNano),
            line: r.body.stringValue,
            labels: [{ name: 'service_name', value: service ?? 'unknown_service' }],
            metadata,
          });
        }
      }
    }
  }
  return entries;
}
