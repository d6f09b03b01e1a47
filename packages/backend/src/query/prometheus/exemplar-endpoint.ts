/**
 * /api/v1/query_exemplars: the exemplars of every series the query's selectors select, in
 * [start, end]. The selectors of the query come from the PromQL parser (`selectorsOf`, in a
 * query worker in the backend); the rows are converted a chunk at a time, so that the event loop
 * turns between chunks, until the query's deadline.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Labels } from '../../metrics/sample.js';
import type { IndexedSeries } from '../../storage/series-index.js';
import { apiTimestamp, formatApiFloat } from './api-float.js';
import { MAX_TIME_MS, MIN_TIME_MS, timeParam } from './api-params.js';
import { ApiError } from './api-response.js';
import { compareLabelSets, type EndpointResult } from './label-endpoints.js';
import type { LabelMatcher } from './label-matcher.js';
import type { SeriesSource } from './series-source.js';

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
  deadline = Number.POSITIVE_INFINITY,
): Promise<EndpointResult> {
  const minT = timeParam(params, 'start', MIN_TIME_MS);
  const maxT = timeParam(params, 'end', MAX_TIME_MS);
  if (maxT < minT) {
    throw new ApiError('bad_data', 'end timestamp must not be before start timestamp');
  }
  const sets = await selectorsOf(params.get('query') ?? '');
  if (sets.length === 0) return { data: null };
  const selected = new Map<number, IndexedSeries>();
  for (const matchers of sets) {
    for (const series of source.matching(matchers)) selected.set(series.id, series);
  }
  if (selected.size === 0) return { data: [] };
  const result = await connection.run(
    `SELECT series_id, t_ms, value, labels::VARCHAR AS labels FROM exemplars
     WHERE t_ms BETWEEN ${Math.ceil(minT)} AND ${Math.floor(maxT)}
       AND series_id IN (${[...selected.keys()].join(',')})
     ORDER BY series_id, t_ms
     LIMIT ${MAX_EXEMPLARS}`,
  );
  const bySeries = new Map<number, ExemplarJson[]>();
  const names = result.columnNames();
  for (;;) {
    if (Date.now() > deadline) throw new ApiError('timeout', 'query timed out in query execution');
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const row of chunk.getRowObjects(names)) {
      const id = Number(row.series_id);
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
  }
  const data = [...bySeries]
    .map(([id, exemplars]) => ({ seriesLabels: selected.get(id)?.labels ?? {}, exemplars }))
    .sort((a, b) => compareLabelSets(a.seriesLabels, b.seriesLabels));
  return { data };
}
