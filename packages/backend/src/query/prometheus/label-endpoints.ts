/**
 * /api/v1/series, /api/v1/labels and /api/v1/label/{name}/values: answered from the series
 * index, with the samples table consulted only when start or end narrows the range.
 */
import type { Labels } from '../../metrics/sample.js';
import type { IndexedSeries } from '../../storage/series-index.js';
import { limitParam, timeRange } from './api-params.js';
import { ApiError } from './api-response.js';
import { matchSelectors } from './match-params.js';
import type { RequestBudget } from './request-budget.js';
import type { SeriesSource } from './series-source.js';

export interface EndpointResult {
  data: unknown;
  /** The data already as JSON text (query results, in Prometheus's exact number format). */
  json?: string;
  warnings?: string[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TRUNCATED = 'results truncated due to limit';

/**
 * The most series, names or values one answer holds, whatever `limit` asks (none, or more):
 * Grafana's default series limit, which it sends as `limit` on all three endpoints, so its
 * metric browser gets all it asks for. Past it the answer is cut as a `limit` cuts it.
 */
export const MAX_METADATA_ITEMS = 40_000;
const CAPPED = `the backend answers at most ${MAX_METADATA_ITEMS} items per request; narrow match[] or the time range`;

/**
 * The union of the series the request's match[] select in its range (all without match[]),
 * under one budget for the whole request.
 */
async function selectedSeries(
  source: SeriesSource,
  params: URLSearchParams,
  budget: RequestBudget,
): Promise<IndexedSeries[]> {
  const range = timeRange(params);
  const selectors = await matchSelectors(params, budget);
  return source.matchingAny(selectors, budget, range.given ? range : undefined);
}

/** Prometheus's labels.Compare: label by label, name then value; a prefix sorts first. */
export function compareLabelSets(a: Labels, b: Labels): number {
  const x = Object.entries(a);
  const y = Object.entries(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [an, av] = x[i] as [string, string];
    const [bn, bv] = y[i] as [string, string];
    if (an !== bn) return an < bn ? -1 : 1;
    if (av !== bv) return av < bv ? -1 : 1;
  }
  return x.length - y.length;
}

/** The first `limit` items (Prometheus's warning when cut), never more than MAX_METADATA_ITEMS. */
function limited<T>(items: T[], limit: number): EndpointResult {
  const capped = limit <= 0 || limit > MAX_METADATA_ITEMS;
  const most = capped ? MAX_METADATA_ITEMS : limit;
  if (items.length <= most) return { data: items };
  return { data: items.slice(0, most), warnings: capped ? [TRUNCATED, CAPPED] : [TRUNCATED] };
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function seriesEndpoint(
  source: SeriesSource,
  params: URLSearchParams,
  budget: RequestBudget,
): Promise<EndpointResult> {
  if (!params.has('match[]')) throw new ApiError('bad_data', 'no match[] parameter provided');
  const limit = limitParam(params);
  const series = await selectedSeries(source, params, budget);
  return budget.compute(() => limited(series.map((s) => s.labels).sort(compareLabelSets), limit));
}

export async function labelNamesEndpoint(
  source: SeriesSource,
  params: URLSearchParams,
  budget: RequestBudget,
): Promise<EndpointResult> {
  const limit = limitParam(params);
  const selected = await selectedSeries(source, params, budget);
  return budget.compute(async () => {
    const names = new Set<string>();
    for (const series of selected) {
      for (const name in series.labels) names.add(name);
      if (budget.spend()) await budget.pause();
    }
    return limited([...names].sort(byCodeUnits), limit);
  });
}

export async function labelValuesEndpoint(
  source: SeriesSource,
  params: URLSearchParams,
  name: string,
  budget: RequestBudget,
): Promise<EndpointResult> {
  if (!LABEL_NAME.test(name)) {
    throw new ApiError('bad_data', `invalid label name: ${JSON.stringify(name)}`);
  }
  const limit = limitParam(params);
  const selected = await selectedSeries(source, params, budget);
  return budget.compute(async () => {
    const values = new Set<string>();
    for (const series of selected) {
      // An own property only: `constructor` is a valid label name, and the prototype's own.
      const value = Object.hasOwn(series.labels, name) ? series.labels[name] : undefined;
      if (value) values.add(value);
      if (budget.spend()) await budget.pause();
    }
    return limited([...values].sort(byCodeUnits), limit);
  });
}
