// `| logfmt [--strict] [--keep-empty] [name="key", ...]` with Loki's logfmt decoder rules: keys are
// runs of bytes above space without `=` or `"`, values bare or double-quoted with JSON's escapes. A
// malformed pair is skipped; with --strict the scan stops there and sets __error__="LogfmtParserErr".
import type { LabelExtraction } from '../ast';
import { LOGFMT_PARSER_ERR, type StageFn, sanitizeLabelKey, withoutRuneErrors } from './stage';

interface Pair {
  readonly key: string;
  readonly value: string;
}

/** The pairs of a line in order; `error` is the first syntax error, as Loki prints it. */
export function decodeLogfmt(line: string, strict: boolean): { pairs: Pair[]; error?: string } {
  const pairs: Pair[] = [];
  let error: string | undefined;
  let pos = 0;
  const n = line.length;
  const fail = (message: string, at: number) => {
    error = `logfmt syntax error at pos ${at + 1} : ${message}`;
  };
  const skipValue = () => {
    while (pos < n && line.charCodeAt(pos) > 32) pos++;
  };
  while (pos < n) {
    while (pos < n && line.charCodeAt(pos) <= 32) pos++;
    if (pos >= n) break;
    const start = pos;
    while (pos < n && line.charCodeAt(pos) > 32 && line[pos] !== '=' && line[pos] !== '"') pos++;
    const key = line.slice(start, pos);
    if (pos >= n || line.charCodeAt(pos) <= 32) {
      pairs.push({ key, value: '' });
      continue;
    }
    if (line[pos] === '"' || key === '') {
      fail(`unexpected ${quoteChar(line[pos] as string)}`, pos);
      skipValue();
      if (strict) break;
      continue;
    }
    pos++; // '='
    if (pos >= n || line.charCodeAt(pos) <= 32) {
      pairs.push({ key, value: '' });
      continue;
    }
    if (line[pos] === '"') {
      const quoted = readQuoted(line, pos);
      if (quoted.error) {
        pos = quoted.end;
        fail(quoted.error, pos);
        if (strict) break;
        continue;
      }
      pos = quoted.end;
      pairs.push({ key, value: quoted.value });
      continue;
    }
    const valueStart = pos;
    while (pos < n && line.charCodeAt(pos) > 32 && line[pos] !== '=' && line[pos] !== '"') pos++;
    if (pos < n && (line[pos] === '=' || line[pos] === '"')) {
      fail(`unexpected ${quoteChar(line[pos] as string)}`, pos);
      skipValue();
      if (strict) break;
      continue;
    }
    pairs.push({ key, value: line.slice(valueStart, pos) });
  }
  return error === undefined ? { pairs } : { pairs, error };
}

function quoteChar(c: string): string {
  return c === '"' ? `'"'` : `'${c}'`;
}

const escapes: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** go-logfmt's unquoting (JSON's escapes; control characters may stand as they are), or undefined. */
function unquoteLogfmt(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i] ?? '';
    if (e in escapes) out += escapes[e];
    else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else return undefined;
  }
  return out;
}

function readQuoted(line: string, start: number): { value: string; end: number; error?: string } {
  let escaped = false;
  let hasEscape = false;
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i];
    if (escaped) escaped = false;
    else if (c === '\\') {
      escaped = true;
      hasEscape = true;
    } else if (c === '"') {
      const raw = line.slice(start, i + 1);
      if (!hasEscape) return { value: raw.slice(1, -1), end: i + 1 };
      const value = unquoteLogfmt(raw.slice(1, -1));
      return value === undefined
        ? { value: '', end: i + 1, error: 'invalid quoted value' }
        : { value, end: i + 1 };
    }
  }
  return { value: '', end: line.length, error: 'unterminated quoted value' };
}

export function logfmtStage(strict: boolean, keepEmpty: boolean): StageFn {
  return (entry) => {
    const { pairs, error } = decodeLogfmt(entry.line, strict);
    const labels = entry.labels;
    for (const { key, value } of pairs) {
      const sanitized = sanitizeLabelKey(key);
      if (sanitized === '') continue;
      const name = labels.dedupName(sanitized);
      if (labels.hasParsed(name)) continue;
      if (!keepEmpty && value === '') continue;
      labels.set('parsed', name, withoutRuneErrors(value));
    }
    if (strict && error !== undefined) labels.setError(LOGFMT_PARSER_ERR, error);
    return true;
  };
}

/** `| logfmt name="key"`: only the named keys, each requested label present (empty if missing). */
export function logfmtParamsStage(params: readonly LabelExtraction[], strict: boolean): StageFn {
  return (entry) => {
    const labels = entry.labels;
    for (const p of params) {
      if (labels.dedupName(p.label) === p.label) labels.set('parsed', p.label, '');
    }
    const { pairs, error } = decodeLogfmt(entry.line, strict);
    for (const p of params) {
      let found: string | undefined;
      for (const pair of pairs)
        if (sanitizeLabelKey(pair.key) === p.expression) found ??= pair.value;
      if (found !== undefined) labels.set('parsed', labels.dedupName(p.label), found);
    }
    if (strict && error !== undefined) labels.setError(LOGFMT_PARSER_ERR, error);
    return true;
  };
}
