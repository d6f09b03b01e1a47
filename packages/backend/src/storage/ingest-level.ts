/**
 * A log record's detected_level computed when it is stored (schema version 6), so that counting by
 * level reads one short column instead of every record's attributes and body. It is the level
 * the reader would derive (loki-model/record-metadata.ts) from the stored record: the same
 * function on the same stored texts. Most records' level depends only on their source and
 * severity, and is computed once per (source, severity) of a request; a record without severity,
 * or whose attributes name a level field (every name in LEVEL_FIELDS, and detected_level, holds
 * one of LEVELISH's parts), is computed on its own.
 */
import type { LogData, ResourceData, ScopeData } from '@otel-lab/otlp';
import { DETECTED_LEVEL } from '../loki-model/detected-level.js';
import { type LogSource, lineOf, logSource } from '../loki-model/log-source.js';
import { recordMetadata } from '../loki-model/record-metadata.js';
import type { OtlpJsonKeyValue } from './compact-attributes.js';
import { resourceText, scopeText } from './otlp-json.js';

export const LEVELISH = /evel|EVEL|everity|EVERITY|vl|VL/;

interface SourceLevels {
  readonly source: LogSource;
  readonly bySeverity: Map<string, string>;
}

/** The level the reader derives for one stored record (recordMetadata's detected_level). */
export function levelOf(
  source: LogSource,
  severityNumber: number,
  severityText: string,
  attributes: OtlpJsonKeyValue[],
  line: string,
): string {
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
  return metadata.find((l) => l.name === DETECTED_LEVEL)?.value ?? '';
}

export function createIngestLevels() {
  // Decoders share one resource and scope object among a block's records.
  const cache = new WeakMap<ResourceData, WeakMap<ScopeData, SourceLevels>>();
  const sourceOf = (resource: ResourceData, scope: ScopeData): SourceLevels => {
    let byScope = cache.get(resource);
    if (!byScope) {
      byScope = new WeakMap();
      cache.set(resource, byScope);
    }
    let held = byScope.get(scope);
    if (!held) {
      const source = logSource(JSON.parse(resourceText(resource)), JSON.parse(scopeText(scope)));
      held = { source, bySeverity: new Map() };
      byScope.set(scope, held);
    }
    return held;
  };
  /** `severityNumber` as stored (clamped); the texts are the stored attributes and body. */
  return (
    log: LogData,
    severityNumber: number,
    attributesText: string,
    bodyText: string,
  ): string => {
    const { source, bySeverity } = sourceOf(log.resource, log.scope);
    const text = log.severityText;
    if ((text !== '' || severityNumber !== 0) && !LEVELISH.test(attributesText)) {
      const key = `${severityNumber}\u0000${text}`;
      let level = bySeverity.get(key);
      if (level === undefined) {
        level = levelOf(source, severityNumber, text, [], '');
        bySeverity.set(key, level);
      }
      return level;
    }
    const attributes = JSON.parse(attributesText) as OtlpJsonKeyValue[];
    return levelOf(source, severityNumber, text, attributes, lineOf(JSON.parse(bodyText)));
  };
}

export type IngestLevels = ReturnType<typeof createIngestLevels>;
