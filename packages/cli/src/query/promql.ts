import type { BackendGet } from './backend-client.js';
import type { QueryOptions } from './options.js';
import { bodyOf, type Outcome } from './outcome.js';
import { safeText } from './terminal-text.js';
import { textTable } from './text-table.js';

type Labels = Record<string, string>;
interface Sample {
  metric: Labels;
  value: [number, string];
}
interface Series {
  metric: Labels;
  values: [number, string][];
}
interface QueryData {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  result: Sample[] | Series[] | [number, string];
}

const BLOCKS = '▁▂▃▄▅▆▇█';
const CHART_WIDTH = 60;

export function seriesName(metric: Labels): string {
  const { __name__: name = '', ...labels } = metric;
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return safeText(pairs.length || !name ? `${name}{${pairs.join(', ')}}` : name);
}

/** A sparkline of the last CHART_WIDTH values, scaled between their minimum and maximum. */
function sparkline(values: number[]): string {
  const shown = values.slice(-CHART_WIDTH);
  const finite = shown.filter(Number.isFinite);
  const min = Math.min(...finite);
  const span = Math.max(...finite) - min;
  return shown
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      const level = span === 0 ? 0 : Math.round(((v - min) / span) * (BLOCKS.length - 1));
      return BLOCKS[level];
    })
    .join('');
}

const short = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));

function formatMatrix(series: Series[]): string {
  if (series.length === 0) return '(no series)';
  return series
    .map(({ metric, values }) => {
      const numbers = values.map(([, v]) => Number(v));
      const finite = numbers.filter(Number.isFinite);
      const stats = finite.length
        ? `min ${short(Math.min(...finite))}  max ${short(Math.max(...finite))}  last ${short(numbers.at(-1) ?? Number.NaN)}`
        : 'no finite values';
      return `${seriesName(metric)}\n  ${sparkline(numbers)}  ${stats}  (${values.length} points)`;
    })
    .join('\n');
}

export function formatQueryData(data: QueryData): string {
  switch (data.resultType) {
    case 'vector': {
      const samples = data.result as Sample[];
      if (samples.length === 0) return '(no series)';
      return textTable(
        ['SERIES', 'VALUE'],
        samples.map((s) => [seriesName(s.metric), s.value[1]]),
      );
    }
    case 'matrix':
      return formatMatrix(data.result as Series[]);
    default:
      return safeText((data.result as [number, string])[1]);
  }
}

export async function queryPromql(
  get: BackendGet,
  options: QueryOptions,
  nowMs = Date.now(),
): Promise<Outcome> {
  const query = options.argument ?? '';
  const seconds = (ms: number) => String(ms / 1000);
  const answer = options.rangeMs
    ? await get('/api/v1/query_range', {
        query,
        start: seconds(nowMs - options.rangeMs),
        end: seconds(nowMs),
        step: seconds(
          options.stepMs ?? Math.max(1000, Math.ceil(options.rangeMs / 60 / 1000) * 1000),
        ),
      })
    : await get('/api/v1/query', { query, time: seconds(nowMs) });
  const body = bodyOf(answer, 'the query');
  if ('error' in body) return body;
  const data = (body.body as { data: QueryData }).data;
  return { text: formatQueryData(data), json: data };
}
