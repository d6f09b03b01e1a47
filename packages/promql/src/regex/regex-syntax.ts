// A reader of RE2 syntax that sees only the shape of a pattern: literals, dots, groups, alternations
// and repetitions, with classes, escapes of classes and assertions left opaque. It serves two
// purposes: the fast paths (fast-match.ts) and an estimate of the compiled size, taken before the
// engine compiles anything, as Go's parser checks sizes before it builds a program. Whether a
// pattern is valid is the engine's call: anything this reader does not know makes it return
// undefined, never an error.

export type RegexNode =
  | {
      readonly op: 'literal';
      readonly text: string;
      readonly fold: boolean;
      readonly cased: boolean;
    }
  | { readonly op: 'anyChar'; readonly newline: boolean }
  | { readonly op: 'opaque' }
  | { readonly op: 'repeat'; readonly sub: RegexNode; readonly min: number; readonly max: number }
  | { readonly op: 'concat'; readonly subs: readonly RegexNode[] }
  | { readonly op: 'alternate'; readonly subs: readonly RegexNode[] };

export interface RegexShape {
  readonly node: RegexNode;
  /** About how many instructions the compiled program has (an upper-bound estimate). */
  readonly size: number;
}

interface Flags {
  fold: boolean;
  dotNewline: boolean;
}

const MAX_DEPTH = 1000;
const MAX_REPEAT = 1000;
const OPAQUE: RegexNode = { op: 'opaque' };
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  f: '\f',
  t: '\t',
  n: '\n',
  r: '\r',
  v: '\v',
};

class Unsupported extends Error {}

/** The shape of an RE2 pattern read with Prometheus's flags (dot matches newline); undefined if unsure. */
export function readRegexShape(pattern: string): RegexShape | undefined {
  try {
    const reader = new ShapeReader(pattern);
    const node = reader.alternation({ fold: false, dotNewline: true }, 0);
    if (reader.at < pattern.length) return undefined;
    return { node, size: sizeOf(node) };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function sizeOf(node: RegexNode): number {
  switch (node.op) {
    case 'literal':
      return node.text.length;
    case 'anyChar':
    case 'opaque':
      return 1;
    case 'repeat':
      return sizeOf(node.sub) * Math.max(1, node.max < 0 ? node.min + 1 : node.max) + 1;
    case 'concat':
      return node.subs.reduce((sum, sub) => sum + sizeOf(sub), 0);
    case 'alternate':
      return node.subs.reduce((sum, sub) => sum + sizeOf(sub) + 1, 0);
  }
}

/** Go's repeatIsValid: nested repetitions make at most `n` copies of what they repeat. */
function repeatIsValid(node: RegexNode, n: number): boolean {
  if (node.op === 'repeat') {
    const m = node.max < 0 ? node.min : node.max;
    if (node.max === 0) return true;
    if (m > n) return false;
    return repeatIsValid(node.sub, m > 0 ? Math.floor(n / m) : n);
  }
  if (node.op === 'concat' || node.op === 'alternate') {
    return node.subs.every((sub) => repeatIsValid(sub, n));
  }
  return true;
}

function literal(text: string, flags: Flags): RegexNode {
  const cased = text.toLowerCase() !== text.toUpperCase();
  return { op: 'literal', text, fold: flags.fold && cased, cased };
}

/** Joins adjacent literals that agree on case folding (uncased text agrees with both). */
function concat(subs: RegexNode[]): RegexNode {
  const out: RegexNode[] = [];
  for (const sub of subs) {
    const last = out[out.length - 1];
    if (
      sub.op === 'literal' &&
      last?.op === 'literal' &&
      (!sub.cased || !last.cased || sub.fold === last.fold)
    ) {
      const fold = sub.fold || last.fold;
      out[out.length - 1] = {
        op: 'literal',
        text: last.text + sub.text,
        fold,
        cased: sub.cased || last.cased,
      };
    } else out.push(sub);
  }
  return out.length === 1 ? (out[0] as RegexNode) : { op: 'concat', subs: out };
}

/**
 * The index after a bracketed class that starts at `start`, as RE2 reads one (`]` first is a
 * literal, escapes, [:name:]); -1 when it is not closed.
 */
export function classEnd(text: string, start: number): number {
  let i = start + 1;
  if (text[i] === '^') i++;
  if (text[i] === ']') i++;
  while (i < text.length && text[i] !== ']') {
    if (text[i] === '\\') i += 2;
    else if (text.startsWith('[:', i)) {
      const end = text.indexOf(':]', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else i++;
  }
  return i < text.length ? i + 1 : -1;
}

class ShapeReader {
  at = 0;
  constructor(private readonly text: string) {}

  private fail(): never {
    throw new Unsupported();
  }

  alternation(outer: Flags, depth: number): RegexNode {
    if (depth > MAX_DEPTH) this.fail();
    const flags = { ...outer };
    const branches: RegexNode[] = [];
    let items: RegexNode[] = [];
    while (this.at < this.text.length) {
      const c = this.text[this.at];
      if (c === ')') break;
      if (c === '|') {
        this.at++;
        branches.push(concat(items));
        items = [];
        continue;
      }
      const atom = this.atom(flags, depth);
      if (atom) items.push(this.repetition(atom));
    }
    branches.push(concat(items));
    return branches.length === 1 ? (branches[0] as RegexNode) : { op: 'alternate', subs: branches };
  }

  /** One atom; undefined for a flag group such as (?i), which changes `flags` in place. */
  private atom(flags: Flags, depth: number): RegexNode | undefined {
    const text = this.text;
    const c = text[this.at] as string;
    if (c === '(') return this.group(flags, depth);
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape(flags);
    if (c === '.') {
      this.at++;
      return { op: 'anyChar', newline: flags.dotNewline };
    }
    if (c === '^' || c === '$') {
      this.at++;
      return OPAQUE;
    }
    if (c === '*' || c === '+' || c === '?' || this.repeatCount() !== undefined) this.fail();
    const point = String.fromCodePoint(text.codePointAt(this.at) as number);
    this.at += point.length;
    return literal(point, flags);
  }

  private group(flags: Flags, depth: number): RegexNode | undefined {
    const rest = this.text.slice(this.at, this.at + 300);
    const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
    // Go's flag groups: (?flags) and (?flags:re), flags from imsU, an optional -flags that is not empty.
    const flagged = /^\(\?([imsU]*)(-[imsU]*)?([:)])/.exec(rest);
    let inner = flags;
    if (named?.[1]) {
      this.at += named[0].length;
    } else if (flagged) {
      const [whole, on = '', negated, end] = flagged;
      if (negated === '-') this.fail();
      const off = negated?.slice(1) ?? '';
      const next = { ...flags };
      if (on.includes('i')) next.fold = true;
      if (on.includes('s')) next.dotNewline = true;
      if (off.includes('i')) next.fold = false;
      if (off.includes('s')) next.dotNewline = false;
      this.at += whole.length;
      if (end === ')') {
        Object.assign(flags, next);
        return undefined;
      }
      inner = next;
    } else if (rest.startsWith('(?')) {
      this.fail();
    } else this.at++;
    const node = this.alternation(inner, depth + 1);
    if (this.text[this.at] !== ')') this.fail();
    this.at++;
    return node;
  }

  private charClass(): RegexNode {
    const end = classEnd(this.text, this.at);
    if (end < 0) this.fail();
    this.at = end;
    return OPAQUE;
  }

  private escape(flags: Flags): RegexNode {
    const text = this.text;
    const c = text[this.at + 1] ?? '';
    this.at += 2;
    if (c === 'Q') {
      const end = text.indexOf('\\E', this.at);
      const quoted = text.slice(this.at, end < 0 ? text.length : end);
      this.at = end < 0 ? text.length : end + 2;
      return quoted === '' ? concat([]) : concat([...quoted].map((ch) => literal(ch, flags)));
    }
    if ('dDsSwWAzbB'.includes(c) && c !== '') return OPAQUE;
    if (c === 'p' || c === 'P') {
      if (text[this.at] === '{') {
        const end = text.indexOf('}', this.at);
        if (end < 0) this.fail();
        this.at = end + 1;
      } else this.at++;
      return OPAQUE;
    }
    if (c in SIMPLE_ESCAPES) return literal(SIMPLE_ESCAPES[c] as string, flags);
    if (c === 'x') return literal(String.fromCodePoint(this.hexEscape()), flags);
    if (/^[0-7]$/.test(c)) {
      // Go reads \0 to \7 followed by up to two more octal digits; \1 to \7 alone are backreferences.
      const digits = /^[0-7]{0,2}/.exec(text.slice(this.at))?.[0] ?? '';
      if (c !== '0' && digits === '') this.fail();
      this.at += digits.length;
      return literal(String.fromCharCode(Number.parseInt(c + digits, 8)), flags);
    }
    // Go takes any other escaped ASCII character that is not a letter or digit as itself.
    if (c !== '' && c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c)) return literal(c, flags);
    this.fail();
  }

  private hexEscape(): number {
    const text = this.text;
    const braced = /^\{([0-9A-Fa-f]{1,8})\}/.exec(text.slice(this.at, this.at + 11));
    const plain = /^[0-9A-Fa-f]{2}/.exec(text.slice(this.at, this.at + 2));
    const digits = braced?.[1] ?? plain?.[0];
    if (!digits) this.fail();
    const code = Number.parseInt(digits, 16);
    if (code > 0x10ffff) this.fail();
    this.at += braced ? braced[0].length : 2;
    return code;
  }

  /** `{n}`, `{n,}` or `{n,m}` at the reader's position, as [min, max, length]; max -1 for none. */
  private repeatCount(): [number, number, number] | undefined {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.text.slice(this.at, this.at + 24));
    if (!match) return undefined;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? -1 : Number(match[3]);
    return [min, max, match[0].length];
  }

  private repetition(atom: RegexNode): RegexNode {
    const c = this.text[this.at];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.at++;
      [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
    } else {
      const count = this.repeatCount();
      if (!count) return atom;
      [min, max] = count;
      this.at += count[2];
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) this.fail();
    }
    if (this.text[this.at] === '?') this.at++; // non-greedy: the same strings match
    const next = this.text[this.at];
    if (next === '*' || next === '+' || next === '?' || this.repeatCount()) this.fail();
    const node: RegexNode = { op: 'repeat', sub: atom, min, max };
    // Nested counts past 1000 copies are Go's "invalid repeat count", which the engine words.
    if ((min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) this.fail();
    return node;
  }
}
