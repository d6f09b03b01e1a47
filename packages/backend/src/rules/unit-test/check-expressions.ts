import { instantQuery, parseSeriesDescription, type Storage } from '@otel-lab/promql';
import { formatSamples, type ParsedSample, samplesEqual, sortSamples } from './compare-results';
import { formatModelDuration, goQuote } from './go-format';
import type { PromqlTestCase } from './unit-test-file';

export interface ExpressionQueryOptions {
  lookbackDelta: number;
  defaultSubqueryStep: number;
}

/**
 * Runs each promql_expr_test at its eval_time over everything loaded and recorded, and returns
 * promtool's text for each mismatch or error. A scalar result is one sample with no labels;
 * `fuzzy` (fuzzy_compare) lets values one float step apart match.
 */
export async function checkExpressions(
  cases: readonly PromqlTestCase[],
  storage: Storage,
  startMs: number,
  fuzzy: boolean,
  options: ExpressionQueryOptions,
): Promise<string[]> {
  const errors: string[] = [];
  for (const c of cases) {
    const where = `    expr: ${goQuote(c.expr)}, time: ${formatModelDuration(c.evalTimeMs)}`;
    let got: ParsedSample[];
    try {
      got = await querySamples(storage, c.expr, startMs + c.evalTimeMs, options);
    } catch (e) {
      errors.push(`${where}, err: ${(e as Error).message}`);
      continue;
    }
    const expected: ParsedSample[] = [];
    let labelsError: string | undefined;
    for (const s of c.expSamples) {
      const labels = parseSampleLabels(s.labels);
      if (labels instanceof Error) {
        labelsError = `labels ${goQuote(s.labels)}: ${labels.message}`;
        break;
      }
      expected.push({ labels, value: s.value });
    }
    if (labelsError !== undefined) {
      errors.push(`${where}, err: ${labelsError}`);
      continue;
    }
    sortSamples(expected);
    sortSamples(got);
    if (!samplesEqual(expected, got, fuzzy))
      errors.push(
        `${where},\n        exp: ${formatSamples(expected)}\n        got: ${formatSamples(got)}`,
      );
  }
  return errors;
}

async function querySamples(
  storage: Storage,
  expr: string,
  time: number,
  options: ExpressionQueryOptions,
): Promise<ParsedSample[]> {
  const result = await instantQuery(storage, expr, time, options);
  if (result.resultType === 'scalar') return [{ labels: [], value: result.result.v }];
  if (result.resultType !== 'vector') throw new Error('rule result is not a vector or scalar');
  return result.result.map((s) => ({
    labels: s.metric.map((l) => [l.name, l.value] as const),
    value: s.v,
  }));
}

/** parser.ParseMetric: `name{a="b"}`, `{a="b"}`, `name` or nothing. */
function parseSampleLabels(text: string): [string, string][] | Error {
  // An empty text is the empty label set, as the series of `timestamp(x)` or a scalar has.
  if (text.trim() === '') return [];
  try {
    const { labels, values } = parseSeriesDescription(text);
    if (values.length > 0) return new Error(`unexpected text after the labels in ${text}`);
    return labels.map((l) => [l.name, l.value]);
  } catch (e) {
    return e as Error;
  }
}
