// Go RE2 patterns as JavaScript regular expressions, fully anchored as PromQL requires.
const cache = new Map<string, RegExp>();

/** Compiles `^(?s:pattern)$`; leading Go flag groups such as (?i) become JS flags. */
export function compileAnchored(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let body = pattern;
  let flags = 's';
  const flagGroup = /^\(\?([imsU]+)\)/.exec(body);
  if (flagGroup?.[1]) {
    body = body.slice(flagGroup[0].length);
    if (flagGroup[1].includes('i')) flags += 'i';
    if (flagGroup[1].includes('m')) flags += 'm';
  }
  // Go's \z (end of text) and \Q...\E quoting have no direct JS form.
  body = body
    .replace(/\\z/g, '$')
    .replace(/\\Q(.*?)(?:\\E|$)/g, (_, lit: string) => escapeRegex(lit));
  try {
    re = new RegExp(`^(?:${body})$`, `${flags}u`);
  } catch {
    re = new RegExp(`^(?:${body})$`, flags);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
