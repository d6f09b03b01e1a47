import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JaegerSpan, JaegerTrace } from '../jaeger-types.js';
import { DEFAULT_SEARCH, type SearchState } from '../search-state.js';
import { traceqlCompletion } from './completion-context.js';
import { traceqlFromSearch } from './from-search.js';
import { decodeMatches, matchedTracePath } from './matched-spans.js';
import { traceqlFromSpan } from './query-from-span.js';
import { traceqlResults, tracesWithoutServices, withServices } from './search-results.js';
import { traceqlField, traceqlString } from './traceql-string.js';
import {
  DEFAULT_TRACEQL,
  decodeTraceqlState,
  isTraceqlMode,
  searchParams,
  traceqlPath,
} from './url-state.js';

const { parser } =
  require('@grafana/lezer-traceql') as typeof import('@grafana/lezer-traceql', { with: {
    'resolution-mode': 'import',
  }});

/** Whether Grafana's grammar reads the query without an error node. */
function parses(query: string): boolean {
  let ok = true;
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) ok = false;
    },
  });
  return ok;
}

describe('TraceQL URL state', () => {
  const rows = [
    { url: 'mode=traceql', state: DEFAULT_TRACEQL },
    {
      url: 'mode=traceql&query=%7B+name+%3D+%22a+b%22+%7D&range=15m&end=2026-12-07T02%3A00%3A05Z&limit=50',
      state: {
        query: '{ name = "a b" }',
        range: '15m',
        end: Date.UTC(2026, 11, 7, 2, 0, 5) / 1000,
        limit: 50,
      },
    },
    { url: 'mode=traceql&range=7m30s', state: { ...DEFAULT_TRACEQL, range: '7m30s' } },
  ];
  for (const row of rows) {
    test(row.url, () => {
      const params = new URLSearchParams(row.url);
      assert.ok(isTraceqlMode(params));
      assert.deepEqual(decodeTraceqlState(params), row.state);
      assert.equal(traceqlPath(row.state), `/search?${row.url}`);
    });
  }
  test('the form is the mode without mode=traceql', () => {
    assert.equal(isTraceqlMode(new URLSearchParams('service=demo-app')), false);
  });
  test('a bad range, end or limit falls back to the defaults', () => {
    for (const url of ['range=1x', 'end=yesterday', 'limit=0', 'limit=1.5', 'limit=100000']) {
      assert.deepEqual(decodeTraceqlState(new URLSearchParams(`mode=traceql&${url}`)), {
        ...DEFAULT_TRACEQL,
      });
    }
  });
  test("Tempo's search parameters: seconds, ending after now or at the end chosen", () => {
    const now = 1_765_000_000_999;
    const following = searchParams({ ...DEFAULT_TRACEQL, query: '{}', range: '5m' }, now);
    assert.equal(following.toString(), 'q=%7B%7D&limit=20&spss=3&start=1764999701&end=1765000001');
    const fixed = searchParams({ query: '{}', range: '1h', end: 1_700_000_000, limit: 5 }, now);
    assert.equal(fixed.get('start'), '1699996400');
    assert.equal(fixed.get('end'), '1700000000');
    assert.equal(fixed.get('limit'), '5');
  });
});

describe('TraceQL literals and "find spans like this"', () => {
  const strings = [
    { value: 'plain', literal: '"plain"' },
    { value: 'say "hi"', literal: '"say \\"hi\\""' },
    { value: 'C:\\path\\', literal: '"C:\\\\path\\\\"' },
    { value: 'two\nlines', literal: '`two\nlines`' },
    { value: 'tick ` and\ttab', literal: '"tick ` and\ttab"' },
    { value: '', literal: '""' },
  ];
  for (const row of strings) {
    test(`string ${JSON.stringify(row.value)}`, () => {
      assert.equal(traceqlString(row.value), row.literal);
      assert.ok(parses(`{ name = ${row.literal} }`));
    });
  }
  const fields = [
    { scope: 'span', name: 'http.route', field: 'span.http.route' },
    { scope: 'resource', name: 'service.name', field: 'resource.service.name' },
    { scope: '', name: 'k8s/pod-name:x', field: '.k8s/pod-name:x' },
    { scope: 'span', name: 'http status', field: 'span."http status"' },
    { scope: '', name: '0lead', field: '."0lead"' },
    { scope: 'span', name: 'q"uote', field: 'span."q\\"uote"' },
  ] as const;
  for (const row of fields) {
    test(`field ${row.scope}.${row.name}`, () => {
      assert.equal(traceqlField(row.scope, row.name), row.field);
      assert.ok(parses(`{ ${row.field} = 1 }`));
    });
  }

  const spans = [
    {
      span: { service: 'demo-app', name: 'POST /api/orders', status: 'ERROR' },
      query:
        '{ resource.service.name = "demo-app" && name = "POST /api/orders" && status = error }',
    },
    {
      span: { service: 'payment-service', name: 'process_payment', status: 'OK' },
      query:
        '{ resource.service.name = "payment-service" && name = "process_payment" && status = ok }',
    },
    {
      span: { service: 'x', name: 'y', status: undefined },
      query: '{ resource.service.name = "x" && name = "y" && status = unset }',
    },
    {
      span: { service: 'svc"}||{true', name: '<img src=x>\\', status: 'UNSET' },
      query:
        '{ resource.service.name = "svc\\"}||{true" && name = "<img src=x>\\\\" && status = unset }',
    },
  ];
  for (const row of spans) {
    test(`from ${row.span.service}: ${row.span.name}`, () => {
      assert.equal(traceqlFromSpan(row.span), row.query);
      assert.ok(parses(row.query));
    });
  }
});

describe('TraceQL completion context', () => {
  // `‸` marks the cursor.
  const rows: [string, ReturnType<typeof traceqlCompletion>][] = [
    ['{‸', { kind: 'attribute', scope: 'any', from: 1 }],
    ['{ na‸', { kind: 'attribute', scope: 'any', from: 2 }],
    ['{ span.http.ro‸', { kind: 'attribute', scope: 'span', from: 2 }],
    ['{ resource.‸', { kind: 'attribute', scope: 'resource', from: 2 }],
    ['{ .ht‸', { kind: 'attribute', scope: 'unscoped', from: 2 }],
    ['{ name = "a" && ‸', { kind: 'attribute', scope: 'any', from: 16 }],
    ['{ a = 1 || !(sp‸', { kind: 'attribute', scope: 'any', from: 13 }],
    [
      '{ resource.service.name = "dem‸',
      { kind: 'value', field: 'resource.service.name', from: 27, quoted: true },
    ],
    ['{ status = ‸', { kind: 'value', field: 'status', from: 11, quoted: false }],
    ['{ status != er‸', { kind: 'value', field: 'status', from: 12, quoted: false }],
    [
      '{ span.http.route=~"/api‸',
      { kind: 'value', field: 'span.http.route', from: 20, quoted: true },
    ],
    ['{ span:id = "‸', { kind: 'value', field: 'span:id', from: 13, quoted: true }],
    ['{ duration > 5‸', { kind: 'value', field: 'duration', from: 13, quoted: false }],
    [
      '{ span."http status" = ‸',
      { kind: 'value', field: 'span.http status', from: 23, quoted: false },
    ],
    ['{ .a = "x" } >> { name = "y\\"z‸', { kind: 'value', field: 'name', from: 26, quoted: true }],
    // The conditions before narrow the values (the tag values endpoint's q), unless `||` joins them.
    [
      '{ resource.service.name = "demo-app" && span.http.route = "‸',
      {
        kind: 'value',
        field: 'span.http.route',
        from: 59,
        quoted: true,
        narrow: '{ resource.service.name = "demo-app" }',
      },
    ],
    [
      '{ } >> { kind = server && status = error && name != ‸',
      {
        kind: 'value',
        field: 'name',
        from: 52,
        quoted: false,
        narrow: '{ kind = server && status = error }',
      },
    ],
    ['{ kind = server || name = ‸', { kind: 'value', field: 'name', from: 26, quoted: false }],
    ['{ } | ‸', { kind: 'pipeline', from: 6 }],
    ['{ } | cou‸', { kind: 'pipeline', from: 6 }],
    // Nothing to offer: after a complete value, between filters, in a comment, after `||`.
    ['{ name = "a" ‸', null],
    ['{ } ‸', null],
    ['{ } >> ‸', null],
    ['{ name = "a" } // { na‸', null],
    ['/* { na‸', null],
    ['{ } || ‸', null],
    ['{ name = "a‸" }', { kind: 'value', field: 'name', from: 10, quoted: true }],
  ];
  for (const [marked, expected] of rows) {
    test(marked, () => {
      const at = marked.indexOf('‸');
      assert.deepEqual(traceqlCompletion(marked.replace('‸', ''), at), expected);
    });
  }
});

describe("Tempo's search answer and the matched spans", () => {
  const span = (spanID: string, name: string, startNs: string, extra: object = {}) => ({
    spanID,
    name,
    startTimeUnixNano: startNs,
    durationNanos: '1500000',
    ...extra,
  });
  const answer = {
    traces: [
      {
        traceID: '0af7651916cd43dd8448eb211c80319c',
        rootServiceName: 'demo-app',
        rootTraceName: 'POST /api/orders',
        startTimeUnixNano: '1765000000000000000',
        durationMs: 12,
        spanSets: [
          {
            spans: [
              span('00000000000000b2', 'charge', '1765000000002000000', {
                attributes: [{ key: 'service.name', value: { stringValue: 'payment-service' } }],
              }),
              span('00000000000000a1', 'process_order', '1765000000001000000'),
            ],
            matched: 5,
          },
          // The same span in a second span set (`||`) is listed once.
          { spans: [span('00000000000000a1', 'process_order', '1765000000001000000')], matched: 1 },
        ],
      },
      { traceID: 'ffff', startTimeUnixNano: '1765000001000000000' },
    ],
  };
  test('spans once each, in start order, with the service when the answer carries it', () => {
    const [first, second] = traceqlResults(answer);
    assert.deepEqual(first, {
      traceID: '0af7651916cd43dd8448eb211c80319c',
      rootService: 'demo-app',
      rootName: 'POST /api/orders',
      start: 1_765_000_000_000_000,
      duration: 12_000,
      spans: [
        {
          spanID: '00000000000000a1',
          name: 'process_order',
          service: null,
          duration: 1500,
          start: 1_765_000_000_001_000,
        },
        {
          spanID: '00000000000000b2',
          name: 'charge',
          service: 'payment-service',
          duration: 1500,
          start: 1_765_000_000_002_000,
        },
      ],
      matched: 6,
    });
    // A trace under a millisecond has no durationMs; a trace without span sets has no spans.
    assert.deepEqual(second, {
      traceID: 'ffff',
      rootService: '',
      rootName: '',
      start: 1_765_000_001_000_000,
      duration: 0,
      spans: [],
      matched: 0,
    });
    assert.deepEqual(traceqlResults({}), []);
  });

  test('the trace link carries the matched span ids; the trace page reads them back', () => {
    const trace = '0af7651916cd43dd8448eb211c80319c';
    const rows: { ids: string[]; path: string; read: string[] }[] = [
      { ids: [], path: `/trace/${trace}`, read: [] },
      {
        ids: ['00000000000000A1', 'b2', '00000000000000a1'],
        path: `/trace/${trace}?match=00000000000000a1,00000000000000b2`,
        read: ['00000000000000a1', '00000000000000b2'],
      },
      // Not span ids: dropped, never written into the URL.
      {
        ids: ['zz', '0000000000000000', '1234567890abcdef0', ''],
        path: `/trace/${trace}`,
        read: [],
      },
    ];
    for (const row of rows) {
      const path = matchedTracePath(trace, row.ids);
      assert.equal(path, row.path);
      assert.deepEqual([...decodeMatches(new URL(path, 'http://x').searchParams)], row.read);
    }
    assert.deepEqual(
      [...decodeMatches(new URLSearchParams('match=a1,<script>,%20b2%20,,a1'))],
      ['00000000000000a1', '00000000000000b2'],
    );
  });
});

describe('services of matched spans the answer did not name', () => {
  test('read from the traces, by trace and span id, leading zeros or not', () => {
    const results = traceqlResults({
      traces: [
        {
          traceID: 'af7651916cd43dd8448eb211c80319c',
          startTimeUnixNano: '1',
          spanSets: [
            {
              spans: [
                { spanID: 'a1', startTimeUnixNano: '1', durationNanos: '1' },
                {
                  spanID: 'b2',
                  startTimeUnixNano: '2',
                  durationNanos: '1',
                  attributes: [{ key: 'service.name', value: { stringValue: 'named' } }],
                },
                { spanID: 'c3', startTimeUnixNano: '3', durationNanos: '1' },
              ],
            },
          ],
        },
        { traceID: 'ee', startTimeUnixNano: '1', spanSets: [] },
      ],
    });
    assert.deepEqual(tracesWithoutServices(results), ['af7651916cd43dd8448eb211c80319c']);
    const span = (spanID: string, processID: string) => ({ spanID, processID }) as JaegerSpan;
    const trace = {
      traceID: '0af7651916cd43dd8448eb211c80319c',
      spans: [span('00000000000000a1', 'p1'), span('00000000000000b2', 'p2')],
      processes: { p1: { serviceName: 'payment-service', tags: [] } },
    } as unknown as JaegerTrace;
    const [filled] = withServices(results, [trace]);
    // c3 is not in the trace, and b2's process is unknown: they keep what they had.
    assert.deepEqual(
      filled?.spans.map((s) => s.service),
      ['payment-service', 'named', null],
    );
    assert.deepEqual(tracesWithoutServices(withServices(results, [trace])), [
      'af7651916cd43dd8448eb211c80319c',
    ]);
  });
});

describe("the search form's search as TraceQL", () => {
  const rows: { form: Partial<SearchState>; query: string; range?: string }[] = [
    { form: {}, query: '' },
    {
      form: { service: 'demo-app', operation: 'POST /api/orders', lookback: '15m' },
      query: '{ resource.service.name = "demo-app" && name = "POST /api/orders" }',
      range: '15m',
    },
    {
      form: {
        service: 'payment-service',
        minDuration: '1.5s',
        maxDuration: '10 seconds',
        tags: 'error=true http.route="/api/pay" my:key="a b"',
      },
      query:
        '{ resource.service.name = "payment-service" && duration >= 1.5s && status = error && .http.route = "/api/pay" && .my:key = "a b" }',
    },
    // Tags that do not parse are left out; a custom start/end keeps the default range.
    {
      form: { service: 's"q', tags: 'broken', lookback: 'custom' },
      query: '{ resource.service.name = "s\\"q" }',
    },
  ];
  for (const row of rows) {
    test(row.query || 'an empty form', () => {
      const state = traceqlFromSearch({ ...DEFAULT_SEARCH, ...row.form });
      assert.deepEqual(state, { ...DEFAULT_TRACEQL, query: row.query, range: row.range ?? '1h' });
      if (row.query) assert.ok(parses(row.query));
    });
  }
});
