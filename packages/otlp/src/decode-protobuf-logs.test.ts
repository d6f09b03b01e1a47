import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLogsProtobuf } from './decode-protobuf-logs.js';
import type { LogData } from './model.js';
import {
  anyValue,
  hex,
  keyValues,
  type PbLogsRequest,
  resourceOf,
  root,
  scopeOf,
  unsigned,
} from './pb-fields.js';

/**
 * The hand-written logs decoder against protobufjs's reflection decoder of the same .proto, on
 * random requests that use every LogRecord field, several resources and scopes, every body type
 * and fields the schema does not know.
 */

const LogsRequest = root.lookupType('otlp.ExportLogsServiceRequest');

/** The reflection decode, walked into the model as the decoder did before it was hand-written. */
function reflectionDecode(bytes: Uint8Array): LogData[] {
  const request = LogsRequest.decode(bytes) as unknown as PbLogsRequest;
  const logs: LogData[] = [];
  for (const resourceLogs of request.resourceLogs ?? []) {
    const resource = resourceOf(resourceLogs.resource, resourceLogs.schemaUrl);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      const scope = scopeOf(scopeLogs.scope, scopeLogs.schemaUrl);
      for (const log of scopeLogs.logRecords ?? []) {
        logs.push({
          resource,
          scope,
          timeUnixNano: unsigned(log.timeUnixNano),
          observedTimeUnixNano: unsigned(log.observedTimeUnixNano),
          severityNumber: log.severityNumber ?? 0,
          severityText: log.severityText ?? '',
          body: anyValue(log.body),
          attributes: keyValues(log.attributes),
          droppedAttributesCount: log.droppedAttributesCount ?? 0,
          flags: log.flags ?? 0,
          traceId: hex(log.traceId),
          spanId: hex(log.spanId),
          eventName: log.eventName ?? '',
        });
      }
    }
  }
  return logs;
}

function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomRequest(random: () => number) {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const maybe = <T>(value: () => T): T | undefined => (random() < 0.6 ? value() : undefined);
  const text = () => pick(['', 'a', 'checkout', 'héllo wörld ✓', 'x'.repeat(300), '{"k":1}']);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const value = (depth: number): object =>
    pick([
      () => ({ stringValue: text() }),
      () => ({ boolValue: random() < 0.5 }),
      () => ({ intValue: Math.floor((random() - 0.5) * 2 ** 52) }),
      () => ({ doubleValue: random() * 1e6 }),
      () => ({ bytesValue: bytes(3) }),
      () => ({ arrayValue: { values: depth > 2 ? [] : [value(depth + 1), value(depth + 1)] } }),
      () => ({ kvlistValue: { values: depth > 2 ? [] : [attribute(depth + 1)] } }),
      () => ({}),
    ])();
  const attribute = (depth = 0) => ({ key: text(), value: value(depth) });
  const list = <T>(max: number, item: () => T) =>
    Array.from({ length: Math.floor(random() * (max + 1)) }, item);
  const record = () => ({
    timeUnixNano: maybe(() => Math.floor(random() * 2 ** 53)),
    observedTimeUnixNano: maybe(() => Math.floor(random() * 2 ** 53)),
    severityNumber: maybe(() => Math.floor(random() * 25)),
    severityText: maybe(text),
    body: maybe(() => value(0)),
    attributes: list(3, attribute),
    droppedAttributesCount: maybe(() => Math.floor(random() * 10)),
    flags: maybe(() => Math.floor(random() * 2 ** 32)),
    traceId: maybe(() => bytes(16)),
    spanId: maybe(() => bytes(8)),
    eventName: maybe(text),
  });
  return {
    resourceLogs: list(3, () => ({
      resource: maybe(() => ({ attributes: list(3, attribute), droppedAttributesCount: 1 })),
      schemaUrl: maybe(text),
      scopeLogs: list(3, () => ({
        scope: maybe(() => ({ name: text(), version: text(), attributes: list(2, attribute) })),
        schemaUrl: maybe(text),
        logRecords: list(4, record),
      })),
    })),
  };
}

/** Records as plain data: resources and scopes compared by value, not identity. */
const comparable = (logs: LogData[]) =>
  logs.map((log) => ({ ...log, resource: { ...log.resource }, scope: { ...log.scope } }));

test('hand-written logs decode equals the reflection decode on 300 random requests', () => {
  const random = generator(5);
  for (let round = 0; round < 300; round += 1) {
    const bytes = LogsRequest.encode(LogsRequest.fromObject(randomRequest(random))).finish();
    const decoded = decodeLogsProtobuf(bytes);
    const expected = reflectionDecode(bytes);
    assert.equal(decoded.items.length + decoded.rejected, expected.length, `round ${round}`);
    const valid = comparable(expected).filter(
      (log) =>
        (log.traceId === '' || /^(?!0+$)[0-9a-f]{32}$/.test(log.traceId)) &&
        (log.spanId === '' || /^(?!0+$)[0-9a-f]{16}$/.test(log.spanId)),
    );
    assert.deepEqual(comparable(decoded.items), valid, `round ${round}`);
  }
});

test('fields the schema does not know are skipped, and the resource may follow its records', () => {
  // ResourceLogs{scope_logs (2), resource (1), schema_url (3), unknown field 9} and a
  // LogRecord carrying an unknown varint field 99 between known ones.
  const record = LogsRequest.lookupType('otlp.LogRecord')
    .encode({ severityText: 'WARN', severityNumber: 13 })
    .finish();
  const unknown = Buffer.from([0x98, 0x06, 0x2a]); // field 99, varint 42
  const scopeLogs = Buffer.concat([Buffer.from([0x12, record.length + 3]), record, unknown]);
  const resource = LogsRequest.lookupType('otlp.Resource')
    .encode({ attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] })
    .finish();
  const schema = Buffer.from('https://s');
  const resourceLogs = Buffer.concat([
    Buffer.from([0x12, scopeLogs.length]),
    scopeLogs,
    Buffer.from([0x0a, resource.length]),
    resource,
    Buffer.from([0x1a, schema.length]),
    schema,
    Buffer.from([0x48, 0x01]), // field 9, varint 1
  ]);
  const request = Buffer.concat([Buffer.from([0x0a, resourceLogs.length]), resourceLogs]);
  const [log] = decodeLogsProtobuf(request).items;
  assert.equal(log?.severityText, 'WARN');
  assert.equal(log?.severityNumber, 13);
  assert.deepEqual(log?.resource.attributes, [
    { key: 'service.name', value: { type: 'string', value: 'late' } },
  ]);
  assert.equal(log?.resource.schemaUrl, 'https://s');
});
