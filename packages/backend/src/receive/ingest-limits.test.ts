import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLogsJson, decodeTracesJson } from '@otel-lab/otlp';
import { applyIngestLimits, type IngestLimits } from './ingest-limits.js';

const limits: IngestLimits = { maxItemsPerRequest: 2, maxAttributes: 3, maxValueLength: 5 };

function span(n: number, attributes: number) {
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: (n + 1).toString(16).padStart(16, '0'),
    name: `a-very-long-name-${n}`,
    droppedAttributesCount: 1,
    attributes: Array.from({ length: attributes }, (_, i) => ({
      key: `k${i}`,
      value: { stringValue: 'abcdefghij' },
    })),
    events: [
      {
        name: 'e',
        attributes: [
          { key: 'nested', value: { arrayValue: { values: [{ stringValue: '0123456789' }] } } },
        ],
      },
    ],
  };
}

const traces = (spans: unknown[]) =>
  decodeTracesJson(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));

test('attributes past the limit are dropped and counted, long values truncated', () => {
  const limited = applyIngestLimits('traces', traces([span(0, 5)]), limits);
  const [only] = limited.items as ReturnType<typeof traces>['items'];
  assert.ok(only);
  assert.deepEqual(
    only.attributes.map((kv) => kv.key),
    ['k0', 'k1', 'k2'],
  );
  assert.equal(only.droppedAttributesCount, 1 + 2, 'the sender’s count plus ours');
  assert.deepEqual(only.attributes[0]?.value, { type: 'string', value: 'abcde' });
  assert.equal(only.name, 'a-ver');
  assert.deepEqual(only.events[0]?.attributes[0]?.value, {
    type: 'array',
    value: [{ type: 'string', value: '01234' }],
  });
});

test('items past the per-request limit are rejected in partialSuccess, the first ones kept', () => {
  const limited = applyIngestLimits('traces', traces([span(0, 1), span(1, 1), span(2, 1)]), limits);
  assert.equal(limited.items.length, 2);
  assert.equal(limited.rejected, 1);
  assert.match(limited.rejectionReason, /more than 2 items in one request/);
});

test('log bodies and attributes are capped the same way', () => {
  const decoded = decodeLogsJson(
    JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  body: { stringValue: 'a long message' },
                  attributes: Array.from({ length: 4 }, (_, i) => ({
                    key: `k${i}`,
                    value: { intValue: i },
                  })),
                },
              ],
            },
          ],
        },
      ],
    }),
  );
  const [log] = applyIngestLimits('logs', decoded, limits).items as typeof decoded.items;
  assert.deepEqual(log?.body, { type: 'string', value: 'a lon' });
  assert.equal(log?.attributes.length, 3);
  assert.equal(log?.droppedAttributesCount, 1);
});
