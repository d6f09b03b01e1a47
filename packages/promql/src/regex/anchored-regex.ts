// Every user-supplied regex of the project goes through compileAnchored: RE2 syntax, Go's errors,
// linear-time matching, and Prometheus's fast paths for the common shapes.
//
// The engine is re2js, a pure-JavaScript port of RE2 (via RE2/J) with Go's parser and error texts.
// It was chosen over the native `re2` bindings by measurement (bench/src/regex.ts, figures in
// docs/benchmarks.md): on short label values a call into the native addon costs 1-3 µs, mostly
// crossing into C++ and converting the string, where re2js answers in 0.1-0.7 µs; and `re2` builds
// from C++ source on install (7 minutes on this 2-core machine, with node-gyp and 22 more
// packages), which every fresh `npm ci` and CI run would pay, where re2js is one package without
// dependencies. V8's own RegExp, which the translator used before, backtracks: `(.*.*)*x` took
// seconds on one metric name, and it accepted backreferences and lookarounds Go refuses.
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import { expandTemplate } from './expand';
import { type FastMatch, fastMatcher, literalBounds } from './fast-match';
import { withUniqueGroupNames } from './group-names';
import { readRegexShape } from './regex-syntax';

/** A pattern matched against whole values, as Prometheus anchors it: `^(?s:pattern)$`. */
export interface AnchoredRegex {
  readonly source: string;
  /** Whether the whole value matches. */
  test(value: string): boolean;
  /** The template expanded as Go's Regexp.ExpandString does, or undefined when the value does not match. */
  expand(value: string, template: string): string | undefined;
}

/** A pattern Go's regexp refuses, with Go's message ("error parsing regexp: …"). */
export class RegexSyntaxError extends Error {
  override name = 'RegexSyntaxError';
}

/**
 * The most instructions a compiled pattern may have. Go allows about 3.3 million, but a million
 * take re2js 1.4 s and 110 MB to compile, so the limit is lower; the refusal has Go's words.
 */
export const MAX_REGEX_INSTRUCTIONS = 20_000;
/** Compiled patterns kept, and the most instructions they may hold together. */
const CACHE_ENTRIES = 1000;
const CACHE_INSTRUCTIONS = 500_000;

interface CacheEntry {
  readonly regex: AnchoredRegex;
  readonly weight: number;
}
const cache = new Map<string, CacheEntry>();
let cachedWeight = 0;

/** Compiles (or finds in a small cache) `pattern`; throws RegexSyntaxError as Go's regexp would. */
export function compileAnchored(pattern: string): AnchoredRegex {
  const hit = cache.get(pattern);
  if (hit) return hit.regex;
  const { regex, weight } = build(pattern);
  remember(pattern, { regex, weight });
  return regex;
}

function build(pattern: string): CacheEntry {
  const set = literalAlternatives(pattern);
  if (set) {
    // Plain literals: valid RE2 by construction, so the engine compiles only if expand needs it.
    let engine: Engine | undefined;
    const only = set.size === 1 ? [...set][0] : undefined;
    const test = only === undefined ? (v: string) => set.has(v) : (v: string) => v === only;
    return {
      regex: {
        source: pattern,
        test,
        expand: (value, template) => {
          engine ??= compileEngine(pattern);
          return expandWith(engine, value, template);
        },
      },
      weight: pattern.length,
    };
  }
  const shape = readRegexShape(pattern);
  if (shape && shape.size > MAX_REGEX_INSTRUCTIONS) throw tooLarge(pattern);
  const engine = compileEngine(pattern);
  const fast = shape ? fastMatcher(shape.node) : undefined;
  const bounds = shape ? literalBounds(shape.node) : { prefix: '', suffix: '' };
  return {
    regex: {
      source: pattern,
      test: fast ? withFallback(fast, engine.re) : withBounds(bounds, engine.re),
      expand: (value, template) => expandWith(engine, value, template),
    },
    weight: engine.re.programSize(),
  };
}

/**
 * `a|b|c` where every alternative has no metacharacter (Go's QuoteMeta leaves it as it is),
 * optionally in one group, as Grafana writes multi-value variables: `(a|b|c)`.
 */
function literalAlternatives(pattern: string): Set<string> | undefined {
  const inner = /^\((?:\?:)?([^()]*)\)$/.exec(pattern)?.[1] ?? pattern;
  if (/[\\.+*?()[\]{}^$]/.test(inner)) return undefined;
  return new Set(inner.split('|'));
}

/** The compiled engine and its group numbers by name. */
interface Engine {
  readonly re: RE2JS;
  readonly names: Readonly<Record<string, readonly number[]>>;
}

function compileEngine(pattern: string): Engine {
  let engine: Engine;
  try {
    const re = RE2JS.compile(pattern, RE2JS.DOTALL);
    const names = Object.fromEntries(Object.entries(re.namedGroups()).map(([n, i]) => [n, [i]]));
    engine = { re, names };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    if (!(error instanceof RE2JSSyntaxException)) throw tooLarge(pattern);
    if (error.getDescription() !== 'duplicate capture group name') throw syntaxError(pattern);
    const unique = withUniqueGroupNames(pattern);
    try {
      engine = { re: RE2JS.compile(unique.pattern, RE2JS.DOTALL), names: unique.names };
    } catch (again) {
      if (again instanceof RE2JSSyntaxException) throw syntaxError(unique.pattern);
      throw again;
    }
  }
  if (engine.re.programSize() > MAX_REGEX_INSTRUCTIONS) throw tooLarge(pattern);
  return engine;
}

/**
 * Go's message for a pattern the engine refused. re2js applies DOTALL by prefixing `(?s)`, which
 * would show in the message, so the pattern is parsed again without it.
 */
function syntaxError(pattern: string): RegexSyntaxError {
  try {
    RE2JS.compile(pattern);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) {
      // Go names the whole pattern when it is too large or nests too deeply; re2js names nothing.
      const named = error.getPattern() !== null;
      return new RegexSyntaxError(named ? error.message : `${error.message}: \`${pattern}\``);
    }
    if (!(error instanceof RE2JSException)) throw error;
  }
  return tooLarge(pattern);
}

function tooLarge(pattern: string): RegexSyntaxError {
  return new RegexSyntaxError(`error parsing regexp: expression too large: \`${pattern}\``);
}

function withFallback(fast: FastMatch, engine: RE2JS): (value: string) => boolean {
  return (value) => fast(value) ?? engine.testExact(value);
}

function withBounds(
  { prefix, suffix }: { prefix: string; suffix: string },
  engine: RE2JS,
): (value: string) => boolean {
  if (prefix === '' && suffix === '') return (value) => engine.testExact(value);
  return (value) =>
    value.startsWith(prefix) &&
    value.endsWith(suffix) &&
    value.length >= prefix.length + suffix.length &&
    engine.testExact(value);
}

function expandWith({ re, names }: Engine, value: string, template: string): string | undefined {
  const matcher = re.matcher(value);
  if (!matcher.matches()) return undefined;
  const groups: (string | null)[] = [];
  for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i));
  return expandTemplate(template, { groups, names });
}

/** Keeps the newest patterns within both bounds, dropping the oldest first. */
function remember(pattern: string, entry: CacheEntry): void {
  if (entry.weight > CACHE_INSTRUCTIONS) return;
  cache.set(pattern, entry);
  cachedWeight += entry.weight;
  for (const [key, old] of cache) {
    if (cache.size <= CACHE_ENTRIES && cachedWeight <= CACHE_INSTRUCTIONS) break;
    cache.delete(key);
    cachedWeight -= old.weight;
  }
}
