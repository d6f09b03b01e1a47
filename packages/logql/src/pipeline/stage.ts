// The shape every compiled pipeline stage has: it reads and may change one entry's line and labels,
// and answers whether the entry goes on.
import type { LabelsBuilder } from './labels-builder';

export interface EntryState {
  readonly timestampNs: bigint;
  line: string;
  readonly labels: LabelsBuilder;
}

export type StageFn = (entry: EntryState) => boolean;

export const JSON_PARSER_ERR = 'JSONParserErr';
export const LOGFMT_PARSER_ERR = 'LogfmtParserErr';
export const LABEL_FILTER_ERR = 'LabelFilterErr';
export const TEMPLATE_FORMAT_ERR = 'TemplateFormatErr';
export const SAMPLE_EXTRACTION_ERR = 'SampleExtractionErr';

/** A query stage that cannot be built (bad regexp, template, pattern ...), as Loki's stage errors. */
export class StageError extends Error {}

/** Loki's sanitizing of an extracted key: outside [A-Za-z0-9_] becomes `_`, a leading digit gets `_`. */
export function sanitizeLabelKey(key: string): string {
  const trimmed = key.trim();
  if (trimmed === '') return '';
  const prefixed =
    trimmed[0] !== undefined && trimmed[0] >= '0' && trimmed[0] <= '9' ? `_${trimmed}` : trimmed;
  return prefixed.replace(/[^A-Za-z0-9_]/gu, '_');
}

/** Loki turns U+FFFD (Go's mark for bytes that are not UTF-8) into spaces in extracted values. */
export function withoutRuneErrors(value: string): string {
  return value.includes('\uFFFD') ? value.replaceAll('\uFFFD', ' ') : value;
}
