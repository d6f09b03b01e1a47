/**
 * Label matchers as PromQL has them: =, !=, =~ and !~, regexes fully anchored, a missing label
 * matching as the empty value. The shape is the PromQL engine's LabelMatcher, so its selectors
 * pass through unchanged.
 */
export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
}

/** A regex JavaScript cannot compile; the API answers bad_data. */
export class MatcherError extends Error {
  override name = 'MatcherError';
}

/** A compiled matcher: a test on one label value. */
export type ValueTest = (value: string) => boolean;

const regexCache = new Map<string, RegExp>();
const MAX_CACHED = 1000;

/**
 * `^(?:pattern)$` with dot matching newlines, as Go's RE2 anchors PromQL regexes. RE2 syntax
 * JavaScript lacks (inline flags such as (?i)) is refused with a clear error, not mistranslated;
 * the PromQL engine brings a fuller translation.
 */
export function anchoredRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (regex) return regex;
  try {
    regex = new RegExp(`^(?:${pattern})$`, 'su');
  } catch {
    try {
      regex = new RegExp(`^(?:${pattern})$`, 's');
    } catch (error) {
      throw new MatcherError(
        `invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`,
      );
    }
  }
  if (regexCache.size >= MAX_CACHED) regexCache.clear();
  regexCache.set(pattern, regex);
  return regex;
}

export function compileMatcher(matcher: LabelMatcher): ValueTest {
  const { value } = matcher;
  switch (matcher.type) {
    case '=':
      return (v) => v === value;
    case '!=':
      return (v) => v !== value;
    case '=~': {
      const regex = anchoredRegex(value);
      return (v) => regex.test(v);
    }
    case '!~': {
      const regex = anchoredRegex(value);
      return (v) => !regex.test(v);
    }
  }
}

/** One test over a whole label set, true when every matcher holds. */
export function compileMatchers(
  matchers: readonly LabelMatcher[],
): (labels: Readonly<Record<string, string>>) => boolean {
  const tests = matchers.map((m) => [m.name, compileMatcher(m)] as const);
  return (labels) => tests.every(([name, test]) => test(labels[name] ?? ''));
}
