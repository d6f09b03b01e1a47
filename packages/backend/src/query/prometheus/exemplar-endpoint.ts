/**
 * /api/v1/query_exemplars: the exemplars of every series the query's selectors select, in
 * [start, end]. The selectors of the query come from the PromQL parser (`selectorsOf`, in a
 * query worker in the backend); the series are matched and the rows converted under the
 * request's budget (request-budget.ts): the event loop turns between slices, and the work stops
 * at the deadline or when the client goes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Labels } from '../../metrics/sample.js';
import type { IndexedSeries } from '../../storage/series-index.js';
import { apiTimestamp, formatApiFloat } from './api-float.js';
import { MAX_TIME_MS, MIN_TIME_MS, timeParam } from './api-params.js';
import { ApiError } from './api-response.js';
import { compareLabelSets, type EndpointResult } from './label-endpoints.js';
import type { LabelMatcher } from './label-matcher.js';
import { compileSelectors } from './match-params.js';
import type { RequestBudget } from './request-budget.js';
import { MAX_ID_LIST, type SeriesSource } from './series-source.js';

/** Every selector of a PromQL expression; throws with Prometheus's parse error message. */
export type SelectorExtractor = (query: string) => LabelMatcher[][] | Promise<LabelMatcher[][]>;

/** Most exemplars one request returns; a lab's span metrics stay far below. */
const MAX_EXEMPLARS = 100_000;

interface ExemplarJson {
  labels: Labels;
  value: string;
  timestamp: number;
}

export async function queryExemplarsEndpoint(
  connection: DuckDBConnection,
  source: SeriesSource,
  selectorsOf: SelectorExtractor,
  params: URLSearchParams,
  budget: RequestBudget,
): Promise<EndpointResult> {
  const minT = timeParam(params, 'start', MIN_TIME_MS);
  const maxT = timeParam(params, 'end', MAX_TIME_MS);
  if (maxT < minT) {
    throw new ApiError('bad_data', 'end timestamp must not be before start timestamp');
  }
  const sets = await selectorsOf(params.get('query') ?? '');
  if (sets.length === 0) return { data: null };
  const selectors = await compileSelectors(
    sets.map((matchers) => () => matchers),
    budget,
  );
  const selected = new Map<number, IndexedSeries>();
  for (const series of await source.matchingAny(selectors, budget)) selected.set(series.id, series);
  if (selected.size === 0) return { data: [] };
  // Past MAX_ID_LIST ids the SQL text would be megabytes: the rows are filtered here instead,
  // and the limit counted here.
  const filter =
    selected.size > MAX_ID_LIST ? '' : ` AND series_id IN (${[...selected.keys()].join(',')})`;
  const result = await connection.run(
    `SELECT series_id, t_ms, value, labels::VARCHAR AS labels FROM exemplars
     WHERE t_ms BETWEEN ${Math.ceil(minT)} AND ${Math.floor(maxT)}${filter}
     ORDER BY series_id, t_ms${filter ? ` LIMIT ${MAX_EXEMPLARS}` : ''}`,
  );
  const bySeries = new Map<number, ExemplarJson[]>();
  const names = result.columnNames();
  let kept = 0;
  while (kept < MAX_EXEMPLARS) {
    budget.check();
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const row of chunk.getRowObjects(names)) {
      const id = Number(row.series_id);
      if (!selected.has(id) || kept++ >= MAX_EXEMPLARS) continue;
      let list = bySeries.get(id);
      if (!list) {
        list = [];
        bySeries.set(id, list);
      }
      list.push({
        labels: JSON.parse(String(row.labels)) as Labels,
        value: formatApiFloat(Number(row.value)),
        timestamp: apiTimestamp(Number(row.t_ms)),
      });
    }
    if (budget.spend(chunk.rowCount)) await budget.pause();
  }
  const data = [...bySeries]
    .map(([id, exemplars]) => ({ seriesLabels: selected.get(id)?.labels ?? {}, exemplars }))
    .sort((a, b) => compareLabelSets(a.seriesLabels, b.seriesLabels));
  return { data };
}
