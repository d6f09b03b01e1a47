// Loki's pattern expressions (`<ip> - <_> "<method> <path>"`): literals and captures, used by the
// `| pattern` parser and the `|>` / `!>` line filters. Matching is by plain substring search, linear.

type Part = { readonly literal: string } | { readonly capture: string };

export class PatternError extends Error {}

const capturePattern = /<([A-Za-z_][A-Za-z0-9_]*)>/g;

function parseParts(text: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(capturePattern)) {
    if (m.index > last) parts.push({ literal: text.slice(last, m.index) });
    parts.push({ capture: m[1] as string });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  for (let i = 0; i + 1 < parts.length; i++) {
    const a = parts[i] as Part;
    const b = parts[i + 1] as Part;
    if ('capture' in a && 'capture' in b) {
      throw new PatternError(
        `found consecutive capture '<${a.capture}><${b.capture}>': invalid expression`,
      );
    }
  }
  return parts;
}

export interface PatternParser {
  readonly names: readonly string[];
  /** The named captures' values, in order, for as many captures as the line reached. */
  matches(line: string): string[];
}

/** A `| pattern` expression: at least one named capture, no duplicates. */
export function compilePatternParser(text: string): PatternParser {
  const parts = parseParts(text);
  const names = parts.flatMap((p) => ('capture' in p && p.capture !== '_' ? [p.capture] : []));
  if (names.length === 0) throw new PatternError('at least one capture is required');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new PatternError(`duplicate capture name (${n}): invalid expression`);
    seen.add(n);
  }
  return { names, matches: (line) => matchCaptures(parts, line) };
}

function matchCaptures(parts: readonly Part[], line: string): string[] {
  const out: string[] = [];
  if (line === '' || parts.length === 0) return out;
  let rest = line;
  let i = 0;
  const first = parts[0] as Part;
  if ('literal' in first) {
    if (!rest.startsWith(first.literal)) return out;
    rest = rest.slice(first.literal.length);
    i = 1;
  }
  while (i < parts.length) {
    const capture = (parts[i] as { capture: string }).capture;
    const next = parts[i + 1] as { literal: string } | undefined;
    if (!next) {
      if (capture !== '_') out.push(rest);
      return out;
    }
    const at = rest.indexOf(next.literal);
    if (at === -1) {
      if (capture !== '_') out.push(rest);
      return out;
    }
    if (capture !== '_') out.push(rest.slice(0, at));
    rest = rest.slice(at + next.literal.length);
    i += 2;
  }
  return out;
}

/** A `|>` line filter: captures must be unnamed (`<_>`); the literals must appear in order. */
export function compilePatternTest(text: string): (line: string) => boolean {
  if (text === '') return (line) => line === '';
  const parts = parseParts(text);
  for (const p of parts) {
    if ('capture' in p && p.capture !== '_') {
      throw new PatternError(`named captures are not allowed: found '<${p.capture}>'`);
    }
  }
  const endsWithCapture = 'capture' in (parts[parts.length - 1] as Part);
  return (line) => {
    if (line === '') return false;
    let offset = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as Part;
      if (!('literal' in p)) continue;
      const at = line.indexOf(p.literal, offset);
      if (at === -1) return false;
      // As Loki's Test: a capture before a literal matches at least one character.
      if (i !== 0 && at === offset) return false;
      offset = at + p.literal.length;
    }
    return endsWithCapture === (offset !== line.length);
  };
}
