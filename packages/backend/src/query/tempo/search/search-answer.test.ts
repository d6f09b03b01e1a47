import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceqlSpan, TraceqlTrace } from '@otel-lab/traceql';
import { searchAnswerJson } from './search-answer.js';
import type { TraceSearchResult } from './trace-search.js';

const span = (
  spanId: string,
  parentSpanId: string,
  name: string,
  startNs: bigint,
  durationNs: bigint,
  service?: string,
): TraceqlSpan => ({
  spanId,
  parentSpanId,
  name,
  kind: 'server',
  status: 'unset',
  statusMessage: '',
  startNs,
  durationNs,
  attributes: new Map(),
  resource: new Map(service ? [['service.name', { type: 'string', value: service }]] : []),
  scope: { name: '', version: '', attributes: new Map() },
  events: [],
  links: [],
});

const root = span('00000000000000aa', '', 'GET /', 1_000_000_000n, 2_500_000_000n, 'shop');
const child = span('00000000000000bb', '00000000000000aa', 'db', 1_100_000_000n, 0n, 'db');
const orphan = span('00000000000000cc', '00000000000000ff', '', 5_000_000_000n, 400_000n, 'db');
const older: TraceqlTrace = { traceId: '0af7651916cd43dd8448eb211c80319c', spans: [root, child] };
const newer: TraceqlTrace = { traceId: '00000000000000000000000000000abc', spans: [orphan] };

const RESULT: TraceSearchResult = {
  inspectedTraces: 7,
  inspectedSpans: 42,
  traces: [
    {
      trace: older,
      spansets: [
        {
          spans: [
            {
              span: root,
              attributes: [{ name: 'status', value: { type: 'status', value: 'error' } }],
            },
            {
              span: child,
              attributes: [
                { name: 'http.response.status_code', value: { type: 'int', value: 500 } },
                { name: 'ratio', value: { type: 'float', value: 0.25 } },
                { name: 'slow', value: { type: 'bool', value: true } },
                { name: 'took', value: { type: 'duration', ns: 1_500_000n } },
                {
                  name: 'tags',
                  value: { type: 'array', values: [{ type: 'string', value: 'a' }] },
                },
              ],
            },
          ],
          attributes: [
            { name: 'by(resource.service.name)', value: { type: 'string', value: 'shop' } },
          ],
        },
      ],
    },
    { trace: newer, spansets: [{ spans: [{ span: orphan, attributes: [] }], attributes: [] }] },
  ],
};

test('the answer holds only the fields Grafana decodes, jsonpb-style, newest trace first', () => {
  assert.deepEqual(searchAnswerJson(RESULT, 1, false), {
    traces: [
      {
        traceID: 'abc',
        rootServiceName: '<root span not yet received>',
        startTimeUnixNano: '5000000000',
        spanSets: [
          {
            spans: [
              {
                spanID: '00000000000000cc',
                startTimeUnixNano: '5000000000',
                durationNanos: '400000',
              },
            ],
            matched: 1,
          },
        ],
      },
      {
        traceID: 'af7651916cd43dd8448eb211c80319c',
        rootServiceName: 'shop',
        rootTraceName: 'GET /',
        startTimeUnixNano: '1000000000',
        durationMs: 2500,
        spanSets: [
          {
            spans: [
              {
                spanID: '00000000000000aa',
                name: 'GET /',
                startTimeUnixNano: '1000000000',
                durationNanos: '2500000000',
                attributes: [{ key: 'status', value: { stringValue: 'error' } }],
              },
            ],
            matched: 2,
            attributes: [{ key: 'by(resource.service.name)', value: { stringValue: 'shop' } }],
          },
        ],
      },
    ],
    metrics: { inspectedTraces: 7, inspectedSpans: '42', completedJobs: 1, totalJobs: 1 },
  });
});

test('span attributes of every type as OTLP AnyValues', () => {
  const answer = searchAnswerJson(RESULT, 3, false) as {
    traces: { spanSets: { spans: { attributes?: unknown }[] }[] }[];
  };
  assert.deepEqual(answer.traces[1]?.spanSets[0]?.spans[1]?.attributes, [
    { key: 'http.response.status_code', value: { intValue: '500' } },
    { key: 'ratio', value: { doubleValue: 0.25 } },
    { key: 'slow', value: { boolValue: true } },
    { key: 'took', value: { stringValue: '1.5ms' } },
    { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }] } } },
  ]);
});

test('a tags search answers traces without span sets; no traces is an empty list', () => {
  const answer = searchAnswerJson(RESULT, 3, true) as { traces: object[] };
  assert.equal(answer.traces.length, 2);
  assert.ok(answer.traces.every((trace) => !('spanSets' in trace)));
  assert.deepEqual(
    searchAnswerJson({ traces: [], inspectedTraces: 0, inspectedSpans: 0 }, 3, false),
    {
      traces: [],
      metrics: { completedJobs: 1, totalJobs: 1 },
    },
  );
});
