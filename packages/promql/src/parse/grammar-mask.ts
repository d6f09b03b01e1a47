// Small rewrites of the query text, keeping every offset, where the Lezer grammar and Prometheus's
// own parser disagree.

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
    const durationFn = /^(step|range)\s*\(\s*\)/i.exec(query.slice(i));
    if (durationFn && !/[A-Za-z0-9_:]/.test(query[i - 1] ?? '')) {
      // The grammar spells step() and range() in lower case only; Prometheus accepts any case.
      out += durationFn[0].toLowerCase();
      i += durationFn[0].length;
      continue;
    }
    const fn = /^(min_of|max_of)\s*\(/.exec(query.slice(i));
    // After `offset`, min_of/max_of belong to the duration expression the grammar knows.
    const inOffset =
      /offset(?:[\s()+\-*/%^,.0-9]|[0-9](?:ms|[smhdwy])|step|range|min_of|max_of)*$/i.test(out);
    if (fn && depth === 0 && !inOffset && !/[A-Za-z0-9_:]/.test(query[i - 1] ?? '')) {
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
