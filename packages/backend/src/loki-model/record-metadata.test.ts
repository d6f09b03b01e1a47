import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineOf, logSource } from './log-source.js';
import { recordMetadata, type StoredRecordFields } from './record-metadata.js';

const base: StoredRecordFields = {
  timeNs: 1_700_000_000_000_000_000n,
  observedNs: 1_700_000_000_500_000_000n,
  severityNumber: 17,
  severityText: 'ERROR',
  droppedAttributes: 0,
  flags: 1,
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  attributes: [
    { key: 'http.route', value: { stringValue: '/orders' } },
    { key: 'trace_id', value: { stringValue: 'overridden by the record field' } },
    { key: 'empty', value: { stringValue: '' } },
  ],
};

test("a record's structured metadata: attributes, fields, resource and scope, detected_level", () => {
  const source = logSource(
    {
      attributes: [
        { key: 'service.name', value: { stringValue: 'payment-service' } },
        { key: 'host.name', value: { stringValue: 'lab' } },
      ],
    },
    { name: '@otel-lab/pino', version: '1.0.0', attributes: [], droppedAttributesCount: 2 },
  );
  assert.deepEqual(source.labels, [{ name: 'service_name', value: 'payment-service' }]);
  const metadata = Object.fromEntries(
    recordMetadata(base, source, 'card declined').map((l) => [l.name, l.value]),
  );
  assert.deepEqual(metadata, {
    detected_level: 'error',
    flags: '1',
    host_name: 'lab',
    http_route: '/orders',
    observed_timestamp: '1700000000500000000',
    scope_dropped_attributes_count: '2',
    scope_name: '@otel-lab/pino',
    scope_version: '1.0.0',
    severity_number: '17',
    severity_text: 'ERROR',
    span_id: 'b7ad6b7169203331',
    trace_id: '0af7651916cd43dd8448eb211c80319c',
  });
});

test('fields left out when unset, as Loki leaves them out', () => {
  const bare: StoredRecordFields = {
    ...base,
    timeNs: 0n,
    severityNumber: 0,
    severityText: '',
    flags: 0,
    traceId: '',
    spanId: '',
    attributes: [],
  };
  const metadata = recordMetadata(bare, logSource(undefined, undefined), 'level=warn msg=slow');
  assert.deepEqual(metadata, [{ name: 'detected_level', value: 'warn' }]);
});

test('a record line is its body: a string as is, anything else as JSON', () => {
  assert.equal(lineOf({ stringValue: 'plain' }), 'plain');
  assert.equal(
    lineOf({ kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'hi' } }] } }),
    '{"msg":"hi"}',
  );
  assert.equal(lineOf({ intValue: '3' }), '3');
});
