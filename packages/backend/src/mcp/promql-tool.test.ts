import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '@otel-lab/testkit';
import { sortedLabels } from '../metrics/sample.js';
import { SampleBatchBuilder } from '../metrics/sample-batch-builder.js';
import { startToolTestPort, type ToolTestPort } from './tool-test-port.js';

// Whole seconds, so that the API's timestamps and the tool's agree to the digit.
const END_S = Math.floor(Date.now() / 1000) - 10;
const START_S = END_S - 400;
const SERIES = 60;

type Point = [number, number | string];
interface Series {
  labels: Record<string, string>;
  value?: Point;
  values?: Point[];
  pointCount?: number;
}

/** The API's `data` as the tool answers it: values as numbers, NaN and ±Inf as strings. */
function asTool(data: { resultType: string; result: unknown }): Series[] {
  const point = ([t, v]: [number, string]): Point => {
    const n = Number(v);
    return [t, Number.isFinite(n) ? n : v];
  };
  if (data.resultType === 'scalar')
    return [{ labels: {}, value: point(data.result as [number, string]) }];
  const result = data.result as {
    metric: Record<string, string>;
    value?: [number, string];
    values?: [number, string][];
  }[];
  return result.map((s) => ({
    labels: s.metric,
    ...(s.value ? { value: point(s.value) } : {}),
    ...(s.values ? { values: s.values.map(point) } : {}),
  }));
}

async function api(base: string, path: string, params: Record<string, string>) {
  return call(base, 'GET', `${path}?${new URLSearchParams(params)}`);
}

describe('query_promql and list_metrics', () => {
  let port: ToolTestPort;
  before(async () => {
    port = await startToolTestPort(async (store) => {
      const builder = new SampleBatchBuilder();
      for (let t = START_S; t <= END_S; t++) {
        for (let i = 0; i < SERIES; i++) {
          const labels = sortedLabels([
            ['__name__', 'http_requests_total'],
            ['job', 'demo-app'],
            ['instance', `host-${String(i).padStart(2, '0')}`],
          ]);
          builder.add(labels, t * 1000, (t - START_S) * (i + 1));
        }
      }
      const odd = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5];
      odd.forEach((value, i) => {
        builder.add(
          sortedLabels([
            ['__name__', 'odd_gauge'],
            ['kind', String(i)],
          ]),
          END_S * 1000,
          value,
        );
      });
      builder.addMetadata({
        metric: 'http_requests_total',
        type: 'counter',
        help: 'Requests served.',
        unit: '',
      });
      builder.addMetadata({ metric: 'odd_gauge', type: 'gauge', help: 'Odd values.', unit: '' });
      builder.addMetadata({
        metric: 'payment_seconds',
        type: 'histogram',
        help: 'Payments.',
        unit: 'seconds',
      });
      await store.writeSamples(builder.build());
    });
  });
  after(async () => {
    await port.close();
    // Every bad question above was the caller's fault: nothing reached the APIs' error log.
    assert.deepEqual(port.errors, []);
  });

  // Each: the tool's arguments, the API path and parameters for the same question.
  const queries: [string, Record<string, unknown>, string, Record<string, string>][] = [
    [
      'one series',
      { query: 'sum(http_requests_total)', time: END_S },
      '/api/v1/query',
      { query: 'sum(http_requests_total)', time: String(END_S) },
    ],
    [
      'NaN and Inf',
      { query: 'odd_gauge', time: String(END_S) },
      '/api/v1/query',
      { query: 'odd_gauge', time: String(END_S) },
    ],
    [
      'a scalar',
      { query: '1 + 1', time: END_S },
      '/api/v1/query',
      { query: '1 + 1', time: String(END_S) },
    ],
    [
      'a range',
      {
        query: 'sum by (job) (rate(http_requests_total[1m]))',
        start: START_S + 100,
        end: END_S,
        step: '15s',
      },
      '/api/v1/query_range',
      {
        query: 'sum by (job) (rate(http_requests_total[1m]))',
        start: String(START_S + 100),
        end: String(END_S),
        step: '15s',
      },
    ],
    [
      'a range in RFC 3339',
      {
        query: 'odd_gauge',
        start: new Date((END_S - 60) * 1000).toISOString(),
        end: new Date(END_S * 1000).toISOString(),
        step: 30,
      },
      '/api/v1/query_range',
      { query: 'odd_gauge', start: String(END_S - 60), end: String(END_S), step: '30' },
    ],
  ];
  for (const [name, args, path, params] of queries) {
    test(`query_promql: ${name} as ${path} answers it`, async () => {
      const { content, isError, text } = await port.tool('query_promql', args);
      assert.equal(isError, false, text);
      const answer = (await api(port.base, path, params)).json;
      assert.equal(answer.status, 'success');
      assert.equal(content.resultType, answer.data.resultType);
      assert.deepEqual(content.items, asTool(answer.data));
      assert.equal(content.truncated, false);
    });
  }

  test('NaN and ±Inf keep the strings Prometheus writes; other values are numbers', async () => {
    const { content } = await port.tool('query_promql', { query: 'odd_gauge', time: END_S });
    const values = (content.items as Series[]).map((s) => s.value?.[1]);
    assert.deepEqual(values, ['NaN', '+Inf', '-Inf', 0.5]);
  });

  test('a start given as a duration counts back from end', async () => {
    const { content } = await port.tool('query_promql', {
      query: 'sum(http_requests_total)',
      start: '1m',
      end: END_S,
      step: '30s',
    });
    const [first] = content.items as Series[];
    assert.deepEqual(
      first?.values?.map(([t]) => t),
      [END_S - 60, END_S - 30, END_S],
    );
  });

  test(`more than 50 series: the first 50, truncated, with how to aggregate`, async () => {
    const params = { query: 'http_requests_total', time: String(END_S) };
    const { content, text } = await port.tool('query_promql', { query: params.query, time: END_S });
    const answer = (await api(port.base, '/api/v1/query', params)).json;
    assert.equal(answer.data.result.length, SERIES);
    assert.equal(content.total, SERIES);
    assert.deepEqual(content.items, asTool(answer.data).slice(0, 50));
    assert.equal(content.truncated, true);
    assert.match(String(content.narrow), /sum by/);
    assert.match(text, /truncated/);
  });

  test('more than 300 points: the latest 300 of each series, truncated, with a larger step', async () => {
    const query = 'sum(http_requests_total)';
    const params = { query, start: String(START_S), end: String(END_S), step: '1' };
    const { content } = await port.tool('query_promql', {
      query,
      start: START_S,
      end: END_S,
      step: 1,
    });
    const answer = (await api(port.base, '/api/v1/query_range', params)).json;
    const [series] = asTool(answer.data);
    const [kept] = content.items as Series[];
    assert.equal(series?.values?.length, 401);
    assert.equal(kept?.pointCount, 401);
    assert.deepEqual(kept?.values, series?.values?.slice(-300));
    assert.equal(content.truncated, true);
    assert.match(String(content.narrow), /larger step/);
  });

  test('50 series of 300 points outgrow 32 KB: the series that fit, truncated', async () => {
    const { content } = await port.tool('query_promql', {
      query: 'http_requests_total',
      start: START_S,
      end: END_S,
      step: 1,
    });
    const items = content.items as Series[];
    assert.equal(content.total, SERIES);
    assert.ok(items.length > 0 && items.length < 50);
    assert.ok(items.every((s) => s.values?.length === 300));
    assert.ok(JSON.stringify(content).length <= 32 * 1024);
    assert.equal(content.truncated, true);
  });

  // Each: the tool's arguments and the API's for the same bad question.
  const bad: [Record<string, unknown>, string, Record<string, string>][] = [
    [{ query: 'sum(' }, '/api/v1/query', { query: 'sum(' }],
    [{ query: 'up', time: 'yesterday' }, '/api/v1/query', { query: 'up', time: 'yesterday' }],
    [
      { query: 'up', start: END_S, end: END_S, step: 0 },
      '/api/v1/query_range',
      { query: 'up', start: String(END_S), end: String(END_S), step: '0' },
    ],
    [
      { query: 'up', start: END_S, end: END_S - 10, step: 1 },
      '/api/v1/query_range',
      { query: 'up', start: String(END_S), end: String(END_S - 10), step: '1' },
    ],
    [
      { query: 'up', start: 0, end: 20_000, step: 1 },
      '/api/v1/query_range',
      { query: 'up', start: '0', end: '20000', step: '1' },
    ],
  ];
  for (const [args, path, params] of bad) {
    test(`query_promql(${JSON.stringify(args)}) is the error ${path} gives`, async () => {
      const { isError, text } = await port.tool('query_promql', args);
      const answer = (await api(port.base, path, params)).json;
      assert.equal(answer.status, 'error');
      assert.equal(isError, true);
      assert.ok(
        text.includes(`${answer.errorType}: ${answer.error}`),
        `${text} vs ${answer.error}`,
      );
    });
  }

  test('a parse error names its position, as Prometheus does', async () => {
    const { text } = await port.tool('query_promql', { query: 'sum(rate(x[5m])' });
    assert.match(text, /bad_data: invalid parameter "query": 1:\d+: parse error/);
  });

  for (const [args, message] of [
    [{ query: 'up', start: END_S }, /needs start and step/],
    [{ query: 'up', time: END_S, start: END_S, step: 1 }, /time \(instant\) or start and step/],
    [{ query: '' }, /query/],
  ] as const) {
    test(`query_promql(${JSON.stringify(args)}) says what is wrong`, async () => {
      const { isError, text } = await port.tool('query_promql', args);
      assert.equal(isError, true);
      assert.match(text, message);
    });
  }

  // Each: match, the metrics it finds.
  const matches: [string | undefined, string[]][] = [
    [undefined, ['http_requests_total', 'odd_gauge', 'payment_seconds']],
    ['http', ['http_requests_total']],
    ['_seconds$', ['payment_seconds']],
    ['^(odd|pay)', ['odd_gauge', 'payment_seconds']],
    ['^requests', []],
  ];
  for (const [match, names] of matches) {
    test(`list_metrics(${match ?? ''}) says what /api/v1/metadata says`, async () => {
      const { content } = await port.tool('list_metrics', match ? { match } : {});
      const { data } = (await call(port.base, 'GET', '/api/v1/metadata')).json;
      const items = content.items as { metric: string }[];
      assert.deepEqual(
        items.map((item) => item.metric),
        names,
      );
      assert.deepEqual(
        items,
        names.map((metric) => ({ metric, ...data[metric][0] })),
      );
    });
  }

  test('list_metrics with a pattern RE2 refuses is an error with its message', async () => {
    for (const match of ['a)(b', '(?=x)']) {
      const { isError, text } = await port.tool('list_metrics', { match });
      assert.equal(isError, true);
      assert.match(text, /match: error parsing regexp/);
    }
  });
});
