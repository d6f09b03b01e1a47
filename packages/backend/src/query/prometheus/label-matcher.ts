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

/** A label's value in a label set, '' when absent; only an own property counts. */
function valueReader(name: string): (labels: Readonly<Record<string, string>>) => string {
  // `constructor` or `toString` must not read Object's own members as labels; other names can
  // only be own properties, so they skip the slower own-property check (matching runs per series).
  if (name in Object.prototype) {
    return (labels) => (Object.hasOwn(labels, name) ? (labels[name] ?? '') : '');
  }
  return (labels) => labels[name] ?? '';
}

/** One test over a whole label set, true when every matcher holds. */
export function compileMatchers(
  matchers: readonly LabelMatcher[],
): (labels: Readonly<Record<string, string>>) => boolean {
  const tests = matchers.map((m) => ({ read: valueReader(m.name), test: compileMatcher(m) }));
  // Most selectors have one or two matchers; a plain function each is cheaper than a loop.
  const [first, second] = tests;
  if (tests.length === 0) return () => true;
  if (tests.length === 1 && first) return (labels) => first.test(first.read(labels));
  if (tests.length === 2 && first && second) {
    return (labels) => first.test(first.read(labels)) && second.test(second.read(labels));
  }
  return (labels) => {
    for (const { read, test } of tests) if (!test(read(labels))) return false;
    return true;
  };
}
