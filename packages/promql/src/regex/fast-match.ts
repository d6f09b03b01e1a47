// Prometheus's fast paths for the regexes most matchers use (model/labels/regexp.go): a literal, a
// set of literals (`a|b|c`, `(?i)get|post`), `.*` and `.+`, and literals joined by `.*`/`.+` (a
// prefix, a suffix, a contains). Each pattern becomes a few "globs", sequences of literals and gaps
// of any characters, matched with startsWith/indexOf/endsWith. The result decides exactly as the
// regex engine would, or answers undefined for a value it leaves to the engine (a case-insensitive
// match on text with non-ASCII characters, where Unicode folding goes beyond toLowerCase).
import type { RegexNode } from './regex-syntax';

/** true or false when decided, undefined when the engine must decide. */
export type FastMatch = (value: string) => boolean | undefined;

/** A run of any characters, at least `min` (0 or 1) of them. */
interface Gap {
  readonly min: number;
}
type Glob = readonly (string | Gap)[];

const MAX_GLOBS = 256;

class NoFastPath extends Error {}

/** A fast matcher for the whole pattern, if its shape has one. */
export function fastMatcher(node: RegexNode): FastMatch | undefined {
  let fold: boolean | undefined;
  const globs = (n: RegexNode): Glob[] => {
    switch (n.op) {
      case 'literal':
        if (n.cased) {
          if (fold !== undefined && fold !== n.fold) throw new NoFastPath();
          fold = n.fold;
        }
        if (/[\uD800-\uDFFF]/.test(n.text) || (n.fold && /[^\0-\x7F]/.test(n.text))) {
          throw new NoFastPath();
        }
        return [[n.text]];
      case 'repeat':
        if (n.sub.op !== 'anyChar' || !n.sub.newline || n.max >= 0 || n.min > 1) {
          throw new NoFastPath();
        }
        return [[{ min: n.min }]];
      case 'concat':
        return n.subs.reduce<Glob[]>((acc, sub) => product(acc, globs(sub)), [[]]);
      case 'alternate': {
        const all = n.subs.flatMap(globs);
        if (all.length > MAX_GLOBS) throw new NoFastPath();
        return all;
      }
      default:
        throw new NoFastPath();
    }
  };
  let all: Glob[];
  try {
    all = globs(node).map(normalise);
  } catch (error) {
    if (error instanceof NoFastPath) return undefined;
    throw error;
  }
  for (const glob of all)
    if (glob.some((item) => typeof item !== 'string' && item.min > 1)) return undefined;
  return fold ? foldedMatcher(all) : exactMatcher(all);
}

/** A literal prefix and suffix every match has (case-sensitive), to skip the engine cheaply. */
export function literalBounds(node: RegexNode): { prefix: string; suffix: string } {
  const subs = node.op === 'concat' ? node.subs : [node];
  const exact = (n: RegexNode | undefined) => (n?.op === 'literal' && !n.fold ? n.text : '');
  const prefix = exact(subs[0]);
  return { prefix, suffix: subs.length > 1 ? exact(subs[subs.length - 1]) : '' };
}

function product(left: Glob[], right: Glob[]): Glob[] {
  if (left.length * right.length > MAX_GLOBS) throw new NoFastPath();
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}

/** Adjacent literals joined, adjacent gaps merged, empty literals dropped. */
function normalise(glob: Glob): Glob {
  const out: (string | Gap)[] = [];
  for (const item of glob) {
    const last = out[out.length - 1];
    if (typeof item === 'string') {
      if (item === '') continue;
      if (typeof last === 'string') out[out.length - 1] = last + item;
      else out.push(item);
    } else if (last !== undefined && typeof last !== 'string') {
      out[out.length - 1] = { min: last.min + item.min };
    } else out.push(item);
  }
  return out;
}

function exactMatcher(globs: Glob[]): FastMatch {
  const literals = new Set<string>();
  const patterns: Glob[] = [];
  for (const glob of globs) {
    if (glob.length === 0) literals.add('');
    else if (glob.length === 1 && typeof glob[0] === 'string') literals.add(glob[0]);
    else patterns.push(glob);
  }
  if (patterns.length === 0) {
    if (literals.size === 1) {
      const only = [...literals][0] as string;
      return (value) => value === only;
    }
    return (value) => literals.has(value);
  }
  if (literals.size === 0 && patterns.length === 1) {
    const glob = patterns[0] as Glob;
    return oneGlobMatcher(glob) ?? ((value) => matchGlob(value, glob));
  }
  return (value) => literals.has(value) || patterns.some((glob) => matchGlob(value, glob));
}

/**
 * `prefix.*`, `.*suffix` and `.*text.*` (or `.+`) on their own, the shapes most regex matchers
 * have, without matchGlob's general loop: a series index is matched one value at a time.
 */
function oneGlobMatcher(glob: Glob): FastMatch | undefined {
  const [a, b, c] = glob;
  if (glob.length === 2 && typeof a === 'string' && typeof b === 'object') {
    const least = a.length + b.min;
    return (value) => value.length >= least && value.startsWith(a);
  }
  if (glob.length === 2 && typeof a === 'object' && typeof b === 'string') {
    const least = b.length + a.min;
    return (value) => value.length >= least && value.endsWith(b);
  }
  if (
    glob.length === 3 &&
    typeof a === 'object' &&
    typeof b === 'string' &&
    typeof c === 'object'
  ) {
    return (value) => {
      const at = value.indexOf(b, a.min);
      return at >= 0 && value.length - at - b.length >= c.min;
    };
  }
  return undefined;
}

/**
 * Case-insensitive literals: decided on ASCII text, where folding is toLowerCase. When every glob
 * starts with a literal, a value whose first character is neither case of one of those first
 * letters is refused before anything is lowercased (a non-ASCII one goes to the engine).
 */
function foldedMatcher(globs: Glob[]): FastMatch {
  const lowered = globs.map((glob) =>
    glob.map((item) => (typeof item === 'string' ? item.toLowerCase() : item)),
  );
  const [only, ...others] = lowered;
  const [prefix, gap, ...more] = only ?? [];
  if (
    others.length === 0 &&
    typeof prefix === 'string' &&
    gap &&
    typeof gap !== 'string' &&
    !more.length
  ) {
    // `(?i)prefix.*`, the usual case-insensitive matcher: nothing lowercased, nothing allocated.
    return (value) => {
      const starts = startsWithFolded(value, prefix);
      return starts === true ? value.length - prefix.length >= gap.min : starts;
    };
  }
  const lower = exactMatcher(lowered);
  const firsts = new Set<number>();
  for (const glob of lowered) {
    const first = glob[0];
    if (typeof first !== 'string') {
      firsts.clear();
      break;
    }
    firsts.add(first.charCodeAt(0));
    firsts.add(first.toUpperCase().charCodeAt(0));
  }
  const byFirst = firsts.size > 0 && !lowered.some((glob) => glob.length === 0);
  return (value) => {
    if (byFirst) {
      const c = value.charCodeAt(0);
      if (c < 0x80 && !firsts.has(c)) return false;
    }
    for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return undefined;
    return lower(value.toLowerCase());
  };
}

/** Whether value starts with `lower` (ASCII, lowercase) in either case; undefined past ASCII. */
function startsWithFolded(value: string, lower: string): boolean | undefined {
  if (value.length < lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let c = value.charCodeAt(i);
    if (c > 0x7f) return undefined;
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Whether the whole value is the glob: the first literal a prefix, the last a suffix, those
 * between found leftmost in order (leftmost is always right when every gap is unbounded).
 */
function matchGlob(value: string, glob: Glob): boolean {
  let start = 0;
  let end = value.length;
  let from = 0;
  let to = glob.length;
  const first = glob[0];
  if (typeof first === 'string') {
    if (!value.startsWith(first)) return false;
    if (glob.length === 1) return value.length === first.length;
    start = first.length;
    from = 1;
  }
  const last = glob[to - 1];
  if (to > from && typeof last === 'string') {
    if (!value.endsWith(last) || end - last.length < start) return false;
    end -= last.length;
    to--;
  }
  let gap = 0;
  for (let i = from; i < to; i++) {
    const item = glob[i] as string | Gap;
    if (typeof item !== 'string') {
      gap += item.min;
      continue;
    }
    const at = value.indexOf(item, start + gap);
    if (at < 0 || at + item.length > end) return false;
    start = at + item.length;
    gap = 0;
  }
  return end - start >= gap;
}
