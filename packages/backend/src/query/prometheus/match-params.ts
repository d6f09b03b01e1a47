/**
 * The match[] selectors of a series, labels or label values request: at most
 * MAX_MATCH_SELECTORS different ones, each parsed and compiled once, the same selector written
 * twice (`up` and `{__name__="up"}`) counted once, and the parsing itself under the request's
 * budget (a regex can take a quarter of a millisecond to compile).
 */
import { ApiError } from './api-response.js';
import { compileMatchers, type LabelMatcher } from './label-matcher.js';
import type { RequestBudget } from './request-budget.js';
import { parseSeriesSelector, SelectorError } from './series-selector.js';
import type { CompiledSelector } from './series-source.js';

/**
 * Different match[] selectors one request may have. Grafana and Prometheus's own UI send one
 * (a metric browser, a variable's values, completion), scripts a handful; Prometheus sets no
 * limit, but its Go parses them many times faster. Each costs a pass over the series it may
 * select (all of them without a metric name): 1,000 over the 2,003 series of the review's store
 * took 0.2 s; more are refused before any is parsed.
 */
export const MAX_MATCH_SELECTORS = 1000;

/** Work units one selector counts: its parse and regex compilation, a look at the clock. */
const SELECTOR_UNITS = 256;

function parse(text: string): LabelMatcher[] {
  try {
    return parseSeriesSelector(text);
  } catch (error) {
    if (error instanceof SelectorError) {
      throw new ApiError('bad_data', `invalid parameter "match[]": ${error.message}`);
    }
    throw error;
  }
}

/** The same matchers in any order, the same selector. */
function keyOf(matchers: readonly LabelMatcher[]): string {
  return JSON.stringify(
    matchers
      .map((m) => [m.name, m.type, m.value])
      .sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : 1)),
  );
}

/** The request's distinct match[] selectors, compiled; none when it has no match[]. */
export async function matchSelectors(
  params: URLSearchParams,
  budget: RequestBudget,
): Promise<CompiledSelector[]> {
  const texts = [...new Set(params.getAll('match[]'))];
  if (texts.length > MAX_MATCH_SELECTORS) {
    throw new ApiError(
      'bad_data',
      `too many match[] selectors: ${texts.length} different ones, at most ${MAX_MATCH_SELECTORS} per request; join them into fewer (a regex such as {job=~"a|b|c"} matches several values)`,
    );
  }
  return compileSelectors(
    texts.map((text) => () => parse(text)),
    budget,
  );
}

/**
 * Selectors compiled, the same one once, under the budget; each comes as a function that
 * parses it (match[]) or returns it (a PromQL query's, for query_exemplars).
 */
export async function compileSelectors(
  sources: readonly (() => readonly LabelMatcher[])[],
  budget: RequestBudget,
): Promise<CompiledSelector[]> {
  return budget.compute(async () => {
    const byKey = new Map<string, CompiledSelector>();
    for (const source of sources) {
      const matchers = source();
      const key = keyOf(matchers);
      if (!byKey.has(key)) byKey.set(key, { matchers, test: compileMatchers(matchers) });
      if (budget.spend(SELECTOR_UNITS)) await budget.pause();
    }
    return [...byKey.values()];
  });
}
