/**
 * `detected_level`, as Loki's distributor adds it to each record (discover_log_levels, on by
 * default): a level-named index label or structured metadata field (severity_text among them),
 * else the OTLP severity number's range, else what the line says (a JSON or logfmt level field,
 * then words in the text).
 */
import { scanLogfmt } from './logfmt-scan.js';

/** Loki's default `log_level_fields`, in the order they are looked for. */
export const LEVEL_FIELDS = [
  'level',
  'LEVEL',
  'Level',
  'log.level',
  'severity',
  'SEVERITY',
  'Severity',
  'SeverityText',
  'lvl',
  'LVL',
  'Lvl',
  'severity_text',
  'Severity_Text',
  'SEVERITY_TEXT',
] as const;
const LEVEL_FIELD_SET: ReadonlySet<string> = new Set(LEVEL_FIELDS);

export const DETECTED_LEVEL = 'detected_level';

/** Spellings (case-insensitive) and the level Loki records for them. */
const SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['trace', 'trace'],
  ['trc', 'trace'],
  ['debug', 'debug'],
  ['dbg', 'debug'],
  ['info', 'info'],
  ['inf', 'info'],
  ['information', 'info'],
  ['warn', 'warn'],
  ['wrn', 'warn'],
  ['warning', 'warn'],
  ['error', 'error'],
  ['err', 'error'],
  ['critical', 'critical'],
  ['fatal', 'fatal'],
]);

/** How deep a JSON line is searched for a level field (log_level_from_json_max_depth). */
const JSON_MAX_DEPTH = 2;

/** OTLP severity number ranges: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL. */
export function levelOfSeverityNumber(severity: number): string {
  if (!Number.isInteger(severity) || severity <= 0 || severity > 24) return 'unknown';
  return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[
    Math.floor((severity - 1) / 4)
  ] as string;
}

type Lookup = (name: string) => string | undefined;

function fromFields(lookup: Lookup): string | undefined {
  for (const field of LEVEL_FIELDS) {
    const value = lookup(field);
    if (value !== undefined) return SPELLINGS.get(value.toLowerCase()) ?? value;
  }
  return undefined;
}

/**
 * The detected level of a record whose index labels and structured metadata are looked up by
 * name (undefined when absent; severity_number is present only when not 0).
 */
export function detectedLevel(labels: Lookup, metadata: Lookup, line: string): string {
  const existing = metadata(DETECTED_LEVEL);
  if (existing !== undefined) return SPELLINGS.get(existing.toLowerCase()) ?? existing;
  const named = fromFields(labels) ?? fromFields(metadata);
  if (named !== undefined) return named;
  const severity = metadata('severity_number');
  if (severity !== undefined) {
    return /^[+-]?\d+$/.test(severity) ? levelOfSeverityNumber(Number(severity)) : 'info';
  }
  return levelOfLine(line);
}

const isJsonObjectText = (line: string) => /^\s*\{/.test(line) && /\}\s*$/.test(line);

/** The level a line states: a level field of a JSON or logfmt line, else words in it. */
export function levelOfLine(line: string): string {
  let value: string | undefined;
  if (isJsonObjectText(line)) value = jsonLevelField(line);
  else if (line.includes('=')) value = logfmtLevelField(line);
  else return levelOfWords(line);
  return (value !== undefined && SPELLINGS.get(value.toLowerCase())) || levelOfWords(line);
}

/** The first string value under a level field, in document order, in the top two levels. */
function jsonLevelField(line: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  const search = (node: unknown, depth: number): string | undefined => {
    if (depth >= JSON_MAX_DEPTH || typeof node !== 'object' || node === null) return undefined;
    if (Array.isArray(node)) return undefined;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && LEVEL_FIELD_SET.has(key)) return value;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const found = search(value, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return search(parsed, 0);
}

/** The value of the earliest-listed level field present in a logfmt line (names case-insensitive). */
function logfmtLevelField(line: string): string | undefined {
  let best: number = LEVEL_FIELDS.length;
  let value: string | undefined;
  for (const [key, text] of scanLogfmt(line)) {
    const index = LEVEL_FIELDS.findIndex((field) => field.toLowerCase() === key.toLowerCase());
    if (index >= 0 && index < best) {
      best = index;
      value = text;
      if (index === 0) break;
    }
  }
  return value;
}

/** The words Loki looks for in a line, in its order (an earlier word wins a tie). */
const LEVEL_WORDS: readonly [word: string, level: string][] = [
  ['trace', 'trace'],
  ['debug', 'debug'],
  ['fatal', 'fatal'],
  ['critical', 'critical'],
  ['error', 'error'],
  ['err', 'error'],
  ['warning', 'warn'],
  ['warn', 'warn'],
  ['info', 'info'],
];
/** What may stand before a level word (not `:`, so `misc:error` is no level)… */
const LEFT_BOUNDARY = new Set([' ', '\t', '\n', '[', '(', '{', '"', "'", '=', '|']);
/** …and after it (`:` so `debug: message` is one). */
const RIGHT_BOUNDARY = new Set([
  ...[' ', '\t', '\n', '[', ']', '(', ')', '{', '}', ':', ',', '!', '"', "'", '=', '|'],
]);

/** Where `word` first stands alone in `text` (bounded on both sides), or -1. */
function boundedIndex(text: string, word: string): number {
  for (let from = 0; ; ) {
    const at = text.indexOf(word, from);
    if (at < 0) return -1;
    const before = at === 0 ? undefined : text[at - 1];
    const after = text[at + word.length];
    if (
      (before === undefined || LEFT_BOUNDARY.has(before)) &&
      (after === undefined || RIGHT_BOUNDARY.has(after))
    ) {
      return at;
    }
    from = at + 1;
  }
}

/** Loki's last resort: the level word that stands alone earliest in the line (any case). */
export function levelOfWords(line: string): string {
  const text = line.toLowerCase();
  let best = text.length;
  let level = 'unknown';
  for (const [word, wordLevel] of LEVEL_WORDS) {
    const at = boundedIndex(text, word);
    if (at < 0 || at >= best) continue;
    best = at;
    level = wordLevel;
    if (at === 0) break;
  }
  return level;
}
