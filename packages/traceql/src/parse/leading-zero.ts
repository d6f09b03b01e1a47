/**
 * Tempo's lexer (Go's text/scanner) reads `.95` as a number, and its own docs write
 * `quantile_over_time(duration, .99, .9, .5)`; Grafana's grammar wants a digit before the point.
 * Such numbers get their 0 before the text is parsed. A point starts a number when nothing that
 * names (a letter, digit, `_`, `.`, `:`, `$`, or a closing quote or bracket) is just before it and
 * digits follow with no name character after them; string literals are left alone.
 */

/** The text to parse, and how to take an offset in it back to the query. */
export interface NormalisedQuery {
  text: string;
  /** The query's offset of an offset in `text`. */
  original(at: number): number;
}

const NAMING = /[\w.:$"`)\]]/;

export function withLeadingZeros(query: string): NormalisedQuery {
  const inserted: number[] = [];
  let text = '';
  for (let i = 0; i < query.length; i++) {
    const c = query[i] as string;
    if (c === '"' || c === '`') {
      const end = literalEnd(query, i);
      text += query.slice(i, end);
      i = end - 1;
      continue;
    }
    if (c === '.' && isNumberAt(query, i)) {
      inserted.push(text.length);
      text += '0';
    }
    text += c;
  }
  return {
    text,
    original: (at) => at - inserted.filter((offset) => offset < at).length,
  };
}

/** The offset after the string literal that starts at `start` (the query's end if it never closes). */
function literalEnd(query: string, start: number): number {
  const quote = query[start];
  for (let i = start + 1; i < query.length; i++) {
    if (quote === '"' && query[i] === '\\') i++;
    else if (query[i] === quote) return i + 1;
  }
  return query.length;
}

function isNumberAt(query: string, point: number): boolean {
  const before = point > 0 ? (query[point - 1] as string) : ' ';
  if (NAMING.test(before)) return false;
  const digits = /^\.\d+(?:[eE][+-]?\d+)?/.exec(query.slice(point))?.[0];
  if (!digits) return false;
  const after = query[point + digits.length] ?? ' ';
  return !/[A-Za-z_.:$]/.test(after);
}
