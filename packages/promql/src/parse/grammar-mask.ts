// Small rewrites of the query text, keeping every offset, where the Lezer grammar and Prometheus's
// own parser disagree.

/** Characters none of the rules below starts at. */
const PLAIN = /[^"'`#[\]sSrRmM.]+/y;
const IDENTIFIER = /[A-Za-z0-9_:]+/y;
const IDENTIFIER_CHAR = /^[A-Za-z0-9_:]$/;
const DURATION_FN = /(step|range)\s*\(\s*\)/iy;
const MIN_MAX_FN = /(min_of|max_of)\s*\(/y;

/** How far back `offset` is looked for: no duration expression after it is longer. */
const OFFSET_WINDOW = 256;

/**
 * Whether the text ends inside the duration expression of an `offset`, where min_of/max_of
 * belong to the grammar. Only the last OFFSET_WINDOW characters are read: testing the whole text
 * at every min_of made a long query quadratic.
 */
function afterOffset(text: string): boolean {
  return /offset(?:[\s()+\-*/%^,.0-9]|[0-9](?:ms|[smhdwy])|step|range|min_of|max_of)*$/i.test(
    text.slice(-OFFSET_WINDOW),
  );
}

/**
 * Adapts the query text to the grammar without moving any offset: numbers written `1.` lose the
 * point (the grammar wants digits after it), and the experimental min_of/max_of functions, which the
 * grammar only knows inside durations, are parsed as ` round(` and renamed back.
 */
export function maskForGrammar(query: string): { masked: string; renamed: Map<number, string> } {
  const renamed = new Map<number, string>();
  let out = '';
  let depth = 0;
  for (let i = 0; i < query.length; ) {
    // Runs of characters no rule touches are copied whole: a 4 MiB query stays cheap.
    PLAIN.lastIndex = i;
    if (PLAIN.test(query)) {
      out += query.slice(i, PLAIN.lastIndex);
      i = PLAIN.lastIndex;
      continue;
    }
    // Inside a name no rule applies: step(), range() and min_of( count only at a name's start.
    IDENTIFIER.lastIndex = i;
    if (IDENTIFIER_CHAR.test(query[i - 1] ?? '') && IDENTIFIER.test(query)) {
      out += query.slice(i, IDENTIFIER.lastIndex);
      i = IDENTIFIER.lastIndex;
      continue;
    }
    const c = query[i] as string;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < query.length && query[j] !== c) j += query[j] === '\\' && c !== '`' ? 2 : 1;
      out += query.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '#') {
      const j = query.indexOf('\n', i);
      const end = j < 0 ? query.length : j;
      out += query.slice(i, end);
      i = end;
      continue;
    }
    if (c === '[') depth++;
    if (c === ']') depth--;
    DURATION_FN.lastIndex = i;
    const durationFn = DURATION_FN.exec(query);
    if (durationFn && !/[A-Za-z0-9_:]/.test(query[i - 1] ?? '')) {
      // The grammar spells step() and range() in lower case only; Prometheus accepts any case.
      out += durationFn[0].toLowerCase();
      i += durationFn[0].length;
      continue;
    }
    MIN_MAX_FN.lastIndex = i;
    const fn = MIN_MAX_FN.exec(query);
    if (fn && depth === 0 && !/[A-Za-z0-9_:]/.test(query[i - 1] ?? '') && !afterOffset(out)) {
      renamed.set(i + 1, fn[1] as string);
      out += ' round';
      i += 6;
      continue;
    }
    if (c === '.' && /[0-9]/.test(query[i - 1] ?? '') && !/[0-9]/.test(query[i + 1] ?? '')) {
      let k = i - 1;
      while (k >= 0 && /[0-9]/.test(query[k] as string)) k--;
      if (!/[A-Za-z_:.]/.test(query[k] ?? '')) {
        out += ' ';
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { masked: out, renamed };
}
