// Go's regexp accepts two capture groups of one name (`(?P<x>a)|(?P<x>b)`) and expands `${x}` to
// the first of them that took part in the match; RE2/J, and so re2js, refuses the pattern. This
// rewrites every later group of a name into a plain capture group, which keeps every group's
// number, and returns the numbers each name had.
import { classEnd } from './regex-syntax';

export interface NamedPattern {
  readonly pattern: string;
  /** Group numbers by name, in the pattern's order. */
  readonly names: Readonly<Record<string, readonly number[]>>;
}

export function withUniqueGroupNames(pattern: string): NamedPattern {
  const names: Record<string, number[]> = {};
  let out = '';
  let groups = 0;
  let i = 0;
  while (i < pattern.length) {
    const rest = pattern.slice(i, i + 300);
    if (rest.startsWith('\\Q')) {
      const end = pattern.indexOf('\\E', i + 2);
      const next = end < 0 ? pattern.length : end + 2;
      out += pattern.slice(i, next);
      i = next;
    } else if (rest.startsWith('\\')) {
      out += pattern.slice(i, i + 2);
      i += 2;
    } else if (rest.startsWith('[')) {
      const end = classEnd(pattern, i);
      const next = end < 0 ? pattern.length : end;
      out += pattern.slice(i, next);
      i = next;
    } else if (rest.startsWith('(')) {
      const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
      if (named?.[1] || !rest.startsWith('(?')) groups++;
      if (named?.[1]) {
        const seen = names[named[1]];
        if (seen) seen.push(groups);
        else names[named[1]] = [groups];
        out += seen ? '(' : named[0];
        i += named[0].length;
      } else {
        out += '(';
        i++;
      }
    } else {
      out += pattern[i];
      i++;
    }
  }
  return { pattern: out, names };
}
