/**
 * Entries read under the engine's projection hint, for the common metric queries that need no
 * line and at most detected_level (`sum by (detected_level) (count_over_time({…}[1m]))`): only
 * time, source and severity are read, and the body and attributes only for the few records whose
 * level can depend on them. Building every record's structured metadata (its attributes parsed
 * from JSON) is what makes the full read slow; here the level of a (source, severity) pair is
 * computed once, by the same recordMetadata as the full read, so the answers are identical.
 *
 * A record's attributes can set its level only through a field whose name holds "level",
 * "severity" or "lvl" (every name in LEVEL_FIELDS, and detected_level itself, does); its line only
 * when it has neither severity text nor number. SQL flags those rows, and they alone go the full way.
 */
import type { LogEntry, LogProjection } from '@otel-lab/logql';
import type { Label, Labels } from '@otel-lab/promql';
import { DETECTED_LEVEL } from '../../loki-model/detected-level.js';
import { lineOf } from '../../loki-model/log-source.js';
import type { OtlpJsonKeyValue } from '../../loki-model/otlp-json.js';
import { recordMetadata } from '../../loki-model/record-metadata.js';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { STRING_BODY, STRING_LINE } from './line-filter-sql.js';
import type { EntryColumns } from './log-rows.js';
import type { IndexedSource, SourceIndex } from './source-index.js';

/** How much of an entry a projection lets the reader leave out; undefined: read it all. */
export type LightRead = 'bare' | 'level';

export function lightRead(projection: LogProjection | undefined): LightRead | undefined {
  if (!projection || projection.line || projection.metadata === 'all') return undefined;
  if (projection.metadata.length === 0) return 'bare';
  return projection.metadata.every((name) => name === DETECTED_LEVEL) ? 'level' : undefined;
}

const LEVEL_ATTRIBUTES = `regexp_matches(attributes::VARCHAR, '(?i)level|severity|lvl')`;
const NO_SEVERITY = `coalesce(severity_text, '') = '' AND coalesce(severity_number, 0) = 0`;

export function lightColumns(read: LightRead): string {
  if (read === 'bare') return `${LOG_TIME} AS t, seq, source_id`;
  return `${LOG_TIME} AS t, seq, source_id, severity_number, severity_text,
    CASE WHEN ${LEVEL_ATTRIBUTES} THEN attributes::VARCHAR END AS attributes,
    CASE WHEN ${NO_SEVERITY} OR ${LEVEL_ATTRIBUTES} THEN
      CASE WHEN ${STRING_BODY} THEN ${STRING_LINE} ELSE body::VARCHAR END END AS line,
    ${STRING_BODY} AS string_body`;
}

const NO_METADATA: Labels = [];

/** Reads rows of lightColumns(read); keeps its caches across batches of one query. */
export function lightReader(read: LightRead, sources: SourceIndex) {
  const levelLabels = new Map<string, Labels>();
  const pairLevels = new Map<string, Labels>();
  const labelsOf = (level: string): Labels => {
    let labels = levelLabels.get(level);
    if (!labels) {
      labels = Object.freeze([{ name: DETECTED_LEVEL, value: level } as Label]);
      levelLabels.set(level, labels);
    }
    return labels;
  };
  const levelOf = (
    source: IndexedSource,
    severityNumber: number,
    severityText: string,
    attributes: OtlpJsonKeyValue[],
    line: string,
  ): Labels => {
    const metadata = recordMetadata(
      {
        timeNs: 0n,
        observedNs: 0n,
        severityNumber,
        severityText,
        droppedAttributes: 0,
        flags: 0,
        traceId: '',
        spanId: '',
        attributes,
      },
      source,
      line,
    );
    return labelsOf(metadata.find((l) => l.name === DETECTED_LEVEL)?.value ?? '');
  };

  return (columns: EntryColumns): LogEntry[] => {
    const col = (name: string) => columns[name] ?? [];
    const [t, sourceId] = [col('t'), col('source_id')];
    const [numbers, texts, attributes, lines, strings] = [
      col('severity_number'),
      col('severity_text'),
      col('attributes'),
      col('line'),
      col('string_body'),
    ];
    const out: LogEntry[] = [];
    for (let i = 0; i < t.length; i++) {
      const id = Number(sourceId[i]);
      const source = sources.get(id);
      if (!source) continue;
      let metadata = NO_METADATA;
      if (read === 'level') {
        const number = Number(numbers[i] ?? 0);
        const text = String(texts[i] ?? '');
        const attrText = attributes[i];
        const lineText = lines[i];
        if (attrText === null && (lineText === null || lineText === undefined)) {
          const key = `${id}\u0000${number}\u0000${text}`;
          let cached = pairLevels.get(key);
          if (!cached) {
            cached = levelOf(source, number, text, [], '');
            pairLevels.set(key, cached);
          }
          metadata = cached;
        } else {
          const parsed =
            attrText === null || attrText === undefined
              ? []
              : (JSON.parse(String(attrText)) as OtlpJsonKeyValue[]);
          const raw = lineText === null || lineText === undefined ? '' : String(lineText);
          const line = strings[i] || raw === '' ? raw : lineOf(JSON.parse(raw));
          metadata = levelOf(source, number, text, parsed, line);
        }
      }
      out.push({ timestampNs: BigInt(t[i] as bigint), line: '', labels: source.labels, metadata });
    }
    return out;
  };
}
