import { formatDuration } from '../traffic/duration.js';
import type { BackendGet } from './backend-client.js';
import type { QueryOptions } from './options.js';
import { bodyOf, type Outcome } from './outcome.js';
import { formatQueryData } from './promql.js';
import { textTable } from './text-table.js';

interface Stream {
  stream: Record<string, string>;
  values: [string, string][];
}

export interface LogLine {
  time: string;
  service: string;
  line: string;
  labels: Record<string, string>;
}

/** The streams' lines merged, newest first, at most `limit`. */
export function linesOf(streams: Stream[], limit: number): LogLine[] {
  return streams
    .flatMap(({ stream, values }) =>
      values.map(([ns, line]) => ({ ns: BigInt(ns), line, labels: stream })),
    )
    .sort((a, b) => (a.ns === b.ns ? 0 : a.ns > b.ns ? -1 : 1))
    .slice(0, limit)
    .map(({ ns, line, labels }) => ({
      time: new Date(Number(ns / 1_000_000n)).toISOString(),
      service: labels.service_name ?? '',
      line,
      labels,
    }));
}

export async function queryLogs(
  get: BackendGet,
  options: QueryOptions,
  nowMs = Date.now(),
): Promise<Outcome> {
  const toNs = (ms: number) => `${ms}000000`;
  const answer = await get('/loki/api/v1/query_range', {
    query: options.argument,
    start: toNs(nowMs - options.sinceMs),
    end: toNs(nowMs),
    limit: String(options.limit),
    direction: 'backward',
  });
  const body = bodyOf(answer, 'the query');
  if ('error' in body) return body;
  const data = (body.body as { data: { resultType: string; result: unknown } }).data;
  if (data.resultType !== 'streams')
    // A metric query (rate, count_over_time) answers series, printed as PromQL's are.
    return { text: formatQueryData(data as Parameters<typeof formatQueryData>[0]), json: data };
  const lines = linesOf(data.result as Stream[], options.limit);
  const text = lines.length
    ? textTable(
        ['TIME', 'SERVICE', 'LINE'],
        lines.map((l) => [l.time, l.service, l.line]),
      )
    : `(no log lines in the last ${formatDuration(options.sinceMs)} match)`;
  return { text, json: { lines } };
}
