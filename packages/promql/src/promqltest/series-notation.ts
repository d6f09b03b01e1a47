// The promqltest series notation: `metric{a="b"} 0+10x100 _ stale {{schema:0 sum:1}}`.
import type { FloatHistogram } from '../histogram/float-histogram';
import { type Label, type Labels, sortLabels } from '../labels';
import { unquoteString } from '../parse/literals';
import { parseHistogramDescription } from './histogram-description';
import { combineHistograms } from './histogram-series-step';
import { NotationError } from './notation-error';

export { NotationError };

/** One position of a sequence: a value, a staleness marker, an omitted point or a native histogram. */
export type SequenceValue =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'stale' }
  | { readonly kind: 'omitted' }
  | {
      readonly kind: 'histogram';
      readonly histogram: FloatHistogram;
      /** Whether the description set `counter_reset_hint` (expectations then compare it). */
      readonly counterResetHintSet: boolean;
    };

export interface SeriesDescription {
  readonly labels: Labels;
  readonly values: SequenceValue[];
}

/** Parses `name{labels} values...`. */
export function parseSeriesDescription(line: string): SeriesDescription {
  const { labels, rest } = parseMetric(line);
  return { labels, values: parseSequence(rest) };
}

function parseMetric(line: string): { labels: Labels; rest: string } {
  let i = 0;
  const labels: Label[] = [];
  const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0];
  if (name) {
    labels.push({ name: '__name__', value: name });
    i = name.length;
  }
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === ',') i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      if (i >= line.length) throw new NotationError(`unterminated label set in ${line}`);
      let labelName: string;
      if (line[i] === '"' || line[i] === "'" || line[i] === '`') {
        const end = quotedEnd(line, i);
        labelName = unquoteString(line.slice(i, end));
        i = end;
      } else {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i));
        if (!m) throw new NotationError(`bad label name at ${line.slice(i)}`);
        labelName = m[0];
        i += labelName.length;
      }
      while (line[i] === ' ') i++;
      if (line[i] !== '=') {
        // {"name"} alone gives the metric name.
        labels.push({ name: '__name__', value: labelName });
        continue;
      }
      i++;
      while (line[i] === ' ') i++;
      const end = quotedEnd(line, i);
      labels.push({ name: labelName, value: unquoteString(line.slice(i, end)) });
      i = end;
    }
  }
  if (i === 0) throw new NotationError(`no metric in ${line}`);
  return { labels: sortLabels(labels.filter((l) => l.value !== '')), rest: line.slice(i) };
}

function quotedEnd(text: string, start: number): number {
  const quote = text[start];
  if (quote !== '"' && quote !== "'" && quote !== '`')
    throw new NotationError(`expected a quoted string in ${text}`);
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && quote !== '`') i++;
    i++;
  }
  if (i >= text.length) throw new NotationError(`unterminated string in ${text}`);
  return i + 1;
}

// Hex numbers are left out: `0x10` means ten more zeros in this notation.
const numberPattern = String.raw`[+-]?(?:Inf|inf|NaN|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)`;
const itemPattern = new RegExp(
  `^(${numberPattern})(?:([+-])(${numberPattern.slice(5)}))?(?:x(\\d+))?$`,
);

function parseSequence(text: string): SequenceValue[] {
  const out: SequenceValue[] = [];
  const tokens = tokenize(text);
  for (const token of tokens) {
    if (token.startsWith('{{')) {
      out.push(...histogramItem(token));
      continue;
    }
    if (token === '_') {
      out.push({ kind: 'omitted' });
      continue;
    }
    if (token === 'stale') {
      out.push({ kind: 'stale' });
      continue;
    }
    const blanks = /^_x(\d+)$/.exec(token);
    if (blanks) {
      for (let k = 0; k < Number(blanks[1]); k++) out.push({ kind: 'omitted' });
      continue;
    }
    const m = itemPattern.exec(token);
    if (!m) throw new NotationError(`bad sequence item ${token}`);
    const start = parseNotationNumber(m[1] as string);
    if (m[4] === undefined) {
      if (m[2]) throw new NotationError(`bad sequence item ${token}`);
      out.push({ kind: 'value', value: start });
      continue;
    }
    const times = Number(m[4]);
    const delta = m[2] ? parseNotationNumber(`${m[2]}${m[3]}`) : 0;
    let v = start;
    out.push({ kind: 'value', value: v });
    for (let k = 1; k <= times; k++) {
      v += delta;
      out.push({ kind: 'value', value: v });
    }
  }
  return out;
}

// `{{…}}`, `{{…}}xN` (N+1 copies), `{{…}}+{{…}}xN` and `{{…}}-{{…}}xN` (the base, then N steps).
const histogramItemPattern = /^\{\{([^}]*)\}\}(?:([+-])\{\{([^}]*)\}\})?(?:x(\d+))?$/;

function histogramItem(token: string): SequenceValue[] {
  const m = histogramItemPattern.exec(token);
  if (!m) throw new NotationError(`bad histogram sequence item ${token}`);
  const base = parseHistogramDescription(m[1] as string);
  const times = m[4] === undefined ? undefined : Number(m[4]);
  if (m[2] && times === undefined)
    throw new NotationError(`expected x<times> after ${token}: a histogram step needs a count`);
  const out: SequenceValue[] = [{ kind: 'histogram', ...base }];
  if (times === undefined) return out;
  if (!m[2]) {
    for (let k = 0; k < times; k++) out.push({ kind: 'histogram', ...base });
    return out;
  }
  // The hint flag is the increment's, as Prometheus captures it after building that histogram.
  const step = parseHistogramDescription(m[3] as string);
  let current = base.histogram;
  out[0] = { kind: 'histogram', histogram: current, counterResetHintSet: step.counterResetHintSet };
  for (let k = 0; k < times; k++) {
    current = combineHistograms(current, step.histogram, m[2] === '+' ? 1 : -1);
    out.push({
      kind: 'histogram',
      histogram: current,
      counterResetHintSet: step.counterResetHintSet,
    });
  }
  return out;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) {
      i++;
      continue;
    }
    let j = i;
    // Histograms contain spaces, and may be followed by an increment histogram: {{...}}+{{...}}x3.
    while (text.startsWith('{{', j) || (j > i && /^[+-]\{\{/.test(text.slice(j)))) {
      j = text.indexOf('}}', j);
      if (j < 0) throw new NotationError(`unterminated histogram in ${text}`);
      j += 2;
    }
    while (j < text.length && !/\s/.test(text[j] as string)) j++;
    tokens.push(text.slice(i, j));
    i = j;
  }
  return tokens;
}

export function parseNotationNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (lower.endsWith('nan')) return Number.NaN;
  if (/^[+-]?0x/i.test(text)) return Number.parseInt(text, 16);
  const v = Number(text);
  if (Number.isNaN(v) || text.trim() === '') throw new NotationError(`bad number ${text}`);
  return v;
}
