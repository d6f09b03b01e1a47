// `| json`, `| json name="path", ...` and `| unpack`, as Loki's parsers: nested keys joined by `_`,
// arrays skipped, names sanitized and suffixed `_extracted` where the stream already has them; a
// line that is not a JSON object keeps going with __error__="JSONParserErr".
import type { LabelExtraction } from '../ast';
import { type PathPart, parseJsonPath } from './json-path';
import { type JsonValue, parseJson } from './json-scan';
import type { LabelsBuilder } from './labels-builder';
import {
  type EntryState,
  JSON_PARSER_ERR,
  type StageFn,
  sanitizeLabelKey,
  withoutRuneErrors,
} from './stage';

function read(line: string, entry: EntryState): JsonValue | undefined {
  try {
    return parseJson(line, { allowTrailing: true });
  } catch (error) {
    entry.labels.setError(JSON_PARSER_ERR, (error as Error).message);
    return undefined;
  }
}

const MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";

/** Loki's flattened name of a nested key: parts sanitised and joined by `_`, blank parts left out. */
function flatName(path: readonly string[]): string {
  let name = '';
  for (const part of path) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    name =
      name === ''
        ? sanitizeLabelKey(trimmed)
        : `${name}_${trimmed.replace(/[^A-Za-z0-9_]/gu, '_')}`;
  }
  return name;
}

/** `| json`: every scalar member, read as the line is scanned, so an error keeps what came before. */
export function jsonStage(): StageFn {
  return (entry) => {
    const labels = entry.labels;
    if (entry.line.trimStart()[0] !== '{') {
      labels.setError(JSON_PARSER_ERR, MALFORMED_OBJECT);
      return true;
    }
    const visit = (path: readonly string[], value: JsonValue) => {
      if (value.type === 'array' || value.type === 'null') return;
      const name = flatName(path);
      if (name === '') return;
      const label = labels.dedupName(name);
      // A key an earlier parser of this entry extracted is kept (Loki's parser hints).
      if (labels.hasParsed(label)) return;
      labels.set(
        'parsed',
        label,
        value.type === 'string' ? withoutRuneErrors(value.value) : value.raw,
      );
    };
    try {
      parseJson(entry.line, { visit, allowTrailing: true, visitOnly: true });
    } catch (error) {
      labels.setError(JSON_PARSER_ERR, (error as Error).message);
    }
    return true;
  };
}

export function jsonParamsStage(params: readonly LabelExtraction[]): StageFn {
  const paths = params.map((p) => ({ label: p.label, path: parseJsonPath(p.expression) }));
  return (entry) => {
    const first = entry.line[0];
    if (first !== '{' && first !== '[' && first !== '"') {
      entry.labels.setError(JSON_PARSER_ERR);
      for (const p of paths) setIfAbsent(entry.labels, p.label);
      return true;
    }
    const doc = read(entry.line, entry);
    for (const { label, path } of paths) {
      const value = doc ? lookup(doc, path) : undefined;
      const name = entry.labels.dedupName(label);
      if (value === undefined) {
        setIfAbsent(entry.labels, label);
        continue;
      }
      entry.labels.set(
        'parsed',
        name,
        value.type === 'string' ? value.value : value.type === 'null' ? '' : value.raw,
      );
    }
    return true;
  };
}

/** Loki gives every requested label a value, empty when the path is missing. */
function setIfAbsent(labels: LabelsBuilder, label: string): void {
  if (labels.get(label) === undefined) labels.set('parsed', label, '');
}

function lookup(doc: JsonValue, path: readonly PathPart[]): JsonValue | undefined {
  let current: JsonValue | undefined = doc;
  for (const part of path) {
    if (!current) return undefined;
    if (typeof part === 'number') {
      current = current.type === 'array' ? current.items[part] : undefined;
    } else if (current.type === 'object') {
      let found: JsonValue | undefined;
      for (const [k, v] of current.entries) if (k === part) found = v;
      current = found;
    } else {
      return undefined;
    }
  }
  return current;
}

/** `| unpack`: string fields of a Promtail-packed line become labels, `_entry` becomes the line. */
export function unpackStage(): StageFn {
  return (entry) => {
    if (entry.line === '') return true;
    if (entry.line[0] !== '{') {
      entry.labels.setError(JSON_PARSER_ERR, 'expecting json object(6), but it is not');
      return true;
    }
    const doc = read(entry.line, entry);
    if (doc?.type !== 'object') return true;
    let packed: string | undefined;
    const found: [string, string][] = [];
    for (const [key, value] of doc.entries) {
      if (value.type !== 'string') continue;
      if (key === '_entry') {
        packed = value.value;
        continue;
      }
      const name = entry.labels.dedupName(key);
      if (!entry.labels.hasParsed(name)) found.push([sanitizeLabelKey(name), value.value]);
    }
    // As Loki: the fields become labels only when the line was packed (has `_entry`).
    if (packed !== undefined) {
      for (const [name, value] of found) entry.labels.set('parsed', name, value);
      entry.line = packed;
    }
    return true;
  };
}
