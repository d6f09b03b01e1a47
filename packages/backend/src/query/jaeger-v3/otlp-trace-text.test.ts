import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpanRow } from '../jaeger/span-rows.js';
import { TextPieces } from '../json-text.js';
import { OtlpTraceText } from './otlp-trace-text.js';
import { toOtlpResourceSpans } from './to-otlp-json.js';

const RESOURCE_A = '{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]}';
const RESOURCE_B =
  '{"attributes":[{"key":"service.name","value":{"stringValue":"b"}}],"schemaUrl":"https://s/1"}';
const SCOPE_1 = '{"name":"lib","version":"1.0"}';
const SCOPE_2 = '{"name":"other","schemaUrl":"https://s/2","droppedAttributesCount":1}';

function row(spanId: bigint, resource: string, scope: string, extra: Partial<SpanRow> = {}) {
  const span: SpanRow = {
    rowid: spanId,
    traceId: 0xabcn,
    spanId,
    parentSpanId: spanId === 1n ? null : 1n,
    traceState: '',
    flags: 0,
    service: resource === RESOURCE_A ? 'a' : 'b',
    name: `op ${spanId}`,
    kind: 2,
    startNs: 1_000n + spanId,
    endNs: 2_000n + spanId,
    durationNs: 1_000n,
    statusCode: 0,
    statusMessage: '',
    attributes: [{ key: 'k', value: { intValue: String(spanId) } }],
    events: [],
    links: [],
    resource,
    scope,
    droppedAttributes: 0,
    droppedEvents: 0,
    droppedLinks: 0,
  };
  return { ...span, ...extra };
}

/** What the streamed text must equal: JSON.stringify of the whole trace's ResourceSpans. */
test('OtlpTraceText writes, a span at a time, the text of toOtlpResourceSpans', () => {
  const event = { timeUnixNano: '1500', name: 'e', attributes: [], droppedAttributesCount: 0 };
  const link = {
    traceId: 'ff',
    spanId: 'ee',
    traceState: 'x=1',
    attributes: [],
    droppedAttributesCount: 2,
    flags: 0,
  };
  const rows: [string, SpanRow[]][] = [
    ['one span', [row(1n, RESOURCE_A, SCOPE_1)]],
    [
      'resources and scopes interleaved, grouped in order of first appearance',
      [
        row(1n, RESOURCE_A, SCOPE_1),
        row(2n, RESOURCE_B, SCOPE_1, { statusCode: 2, statusMessage: 'boom' }),
        row(3n, RESOURCE_A, SCOPE_2, { events: [event], links: [link], droppedEvents: 1 }),
        row(4n, RESOURCE_A, SCOPE_1, { traceState: 'a=b', flags: 1 }),
      ],
    ],
  ];
  for (const [name, spans] of rows) {
    const trace = new OtlpTraceText(false);
    for (const span of spans) trace.add(span);
    const out = new TextPieces();
    out.push('[');
    trace.writeResourceSpans(out, true);
    out.push(']');
    assert.equal(out.take().join(''), JSON.stringify(toOtlpResourceSpans(spans)), name);
  }
});
