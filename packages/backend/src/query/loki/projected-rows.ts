/**
 * Entries read under the engine's projection hint, for the common metric queries that need no
 * line and at most detected_level (`sum by (detected_level) (count_over_time({…}[1m]))`): only
 * time, source and severity are read, and the body and attributes only for the few records whose
 * level can depend on them. Building every record's structured metadata (its attributes parsed
 * from JSON) is what makes the full read slow; here the level of a (source, severity) pair is
 * computed once, by the same levelOf (recordMetadata) as ingest and the full read, so the answers are identical.
 *
 * Records stored since schema version 6 carry their level (storage/ingest-level.ts). For older
 * ones: a record's attributes can set its level only through a field whose name holds one of
 * LEVELISH's parts (every name in LEVEL_FIELDS, and detected_level itself, does); its line only
 * when it has neither severity text nor number. SQL flags those rows, and they alone go the full way.
 */
import type { LogEntry, LogProjection } from '@otel-lab/logql';
import type { Label, Labels } from '@otel-lab/promql';
import { DETECTED_LEVEL } from '../../loki-model/detected-level.js';
import { lineOf } from '../../loki-model/log-source.js';
import type { OtlpJsonKeyValue } from '../../storage/compact-attributes.js';
import { LEVELISH, levelOf } from '../../storage/ingest-level.js';
import { LOG_TIME } from '../../storage/stored-sql.js';
import { STRING_BODY, STRING_LINE } from './line-filter-sql.js';
import type { EntryColumns } from './log-rows.js';
import type { IndexedSource, SourceIndex } from './source-index.js';

/** How much of an entry a projection lets the reader leave out; undefined: read it all. */
export type LightRead = 'bare' | 'level';

/**
 * A name every source has as a non-empty index label is read from the stream, never from the
 * metadata (the engine's lookup), so it asks for nothing here.
 */
export function lightRead(
  projection: LogProjection | undefined,
  sources: readonly IndexedSource[],
): LightRead | undefined {
  if (!projection || projection.line || projection.metadata === 'all') return undefined;
  const inStream = (name: string) =>
    sources.every((s) => s.labels.some((l) => l.name === name && l.value !== ''));
  const wanted = projection.metadata.filter((name) => !inStream(name));
  if (wanted.length === 0) return 'bare';
  return wanted.every((name) => name === DETECTED_LEVEL) ? 'level' : undefined;
}

const LEVEL_ATTRIBUTES = `coalesce(regexp_matches(attributes::VARCHAR, '${LEVELISH.source}'), false)`;
const NO_SEVERITY = `(coalesce(severity_text, '') = '' AND coalesce(severity_number, 0) = 0)`;
/** Records whose level needs their attributes or line; the others' level is their (source, severity)'s. */
export const LEVEL_NEEDS_ROW = `(${NO_SEVERITY} OR ${LEVEL_ATTRIBUTES})`;

export function lightColumns(read: LightRead): string {
  if (read === 'bare') return `${LOG_TIME} AS t, seq, source_id`;
  // Records stored since schema version 6 carry their level; older ones are leveled here.
  const derive = `detected_level IS NULL AND ${LEVEL_NEEDS_ROW}`;
  return `${LOG_TIME} AS t, seq, source_id, severity_number, severity_text,
    detected_level AS stored_level,
    CASE WHEN ${derive} THEN attributes::VARCHAR END AS attributes,
    CASE WHEN ${derive} THEN
      CASE WHEN ${STRING_BODY} THEN ${STRING_LINE} ELSE body::VARCHAR END END AS line,
    ${STRING_BODY} AS string_body`;
}

const NO_METADATA: Labels = [];

/**
 * A record's detected_level as a one-label metadata set: computed by recordMetadata once per
 * (source, severity) for records whose attributes and line cannot matter (`attributes` and `line`
 * null), else per record.
 */
export function levelLabels(sources: SourceIndex) {
  const byLevel = new Map<string, Labels>();
  const byPair = new Map<string, Labels>();
  const labelsOf = (level: string): Labels => {
    let labels = byLevel.get(level);
    if (!labels) {
      labels = Object.freeze([{ name: DETECTED_LEVEL, value: level } as Label]);
      byLevel.set(level, labels);
    }
    return labels;
  };
  const compute = (
    source: IndexedSource,
    severityNumber: number,
    severityText: string,
    attributes: OtlpJsonKeyValue[],
    line: string,
  ): Labels => {
    return labelsOf(levelOf(source, severityNumber, severityText, attributes, line));
  };
  return (
    sourceId: number,
    severityNumber: unknown,
    severityText: unknown,
    attributes: unknown = null,
    line: unknown = null,
    stringBody: unknown = null,
    storedLevel: unknown = null,
  ): Labels | undefined => {
    const source = sources.get(sourceId);
    if (!source) return undefined;
    if (storedLevel !== null && storedLevel !== undefined) return labelsOf(String(storedLevel));
    const number = Number(severityNumber ?? 0);
    const text = String(severityText ?? '');
    if (
      (attributes === null || attributes === undefined) &&
      (line === null || line === undefined)
    ) {
      const key = `${sourceId}\u0000${number}\u0000${text}`;
      let cached = byPair.get(key);
      if (!cached) {
        cached = compute(source, number, text, [], '');
        byPair.set(key, cached);
      }
      return cached;
    }
    const parsed =
      attributes === null || attributes === undefined
        ? []
        : (JSON.parse(String(attributes)) as OtlpJsonKeyValue[]);
    const raw = line === null || line === undefined ? '' : String(line);
    return compute(
      source,
      number,
      text,
      parsed,
      stringBody || raw === '' ? raw : lineOf(JSON.parse(raw)),
    );
  };
}

/** Reads rows of lightColumns(read); keeps its caches across batches of one query. */
export function lightReader(read: LightRead, sources: SourceIndex) {
  const levelOf = levelLabels(sources);
  return (columns: EntryColumns): LogEntry[] => {
    const col = (name: string) => columns[name] ?? [];
    const [t, sourceId] = [col('t'), col('source_id')];
    const [stored, numbers, texts, attributes, lines, strings] = [
      col('stored_level'),
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
      const metadata =
        read === 'level'
          ? (levelOf(id, numbers[i], texts[i], attributes[i], lines[i], strings[i], stored[i]) ??
            NO_METADATA)
          : NO_METADATA;
      out.push({ timestampNs: BigInt(t[i] as bigint), line: '', labels: source.labels, metadata });
    }
    return out;
  };
}
