import { type AnchoredRegex, compileAnchored, RegexSyntaxError } from '@otel-lab/promql';

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

/** A regex Go's regexp refuses; the API answers bad_data. */
export class MatcherError extends Error {
  override name = 'MatcherError';
}

/** A compiled matcher: a test on one label value. */
export type ValueTest = (value: string) => boolean;

/**
 * `^(?s:pattern)$` as Prometheus anchors matcher regexes, compiled by the PromQL engine's one regex
 * module (RE2 syntax, linear time), so the API's match[] and the engine's selectors agree. A
 * pattern Go refuses is a MatcherError with Go's message (the API's bad_data).
 */
export function anchoredRegex(pattern: string): AnchoredRegex {
  try {
    return compileAnchored(pattern);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new MatcherError(error.message);
    throw error;
  }
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
  // Only a label's own value: `constructor` must not read Object's constructor as a label.
  return (labels) =>
    tests.every(([name, test]) => test((Object.hasOwn(labels, name) ? labels[name] : '') ?? ''));
}
