import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AnyValue, decodeTracesProtobuf, OTLP_PROTO, type SpanData } from '@otel-lab/otlp';
import { seededRandom } from '@otel-lab/testkit';
import protobuf from 'protobufjs';
import type { SpanSummary } from '../metrics/span-resource.js';
import { buildSpanColumns, SPAN_TEXT_COLUMNS, type SpanColumns } from '../storage/span-columns.js';
import { decodeSpanColumns } from './decode-span-columns.js';
import { decodeTraces } from './decode-traces.js';
import {
  DEFAULT_INGEST_LIMITS,
  type IngestLimits,
  limitRequest,
  limitSpan,
} from './ingest-limits.js';

/**
 * The span columns decoder against the path it replaces (the object decoder, the limits, then
 * buildSpanColumns), on random requests that use every Span field, the attribute keys with
 * columns of their own under every value type, text that needs escaping or is not UTF-8, ids
 * that are invalid, and tight limits. Equal columns mean equal stored rows, so equal answers.
 */

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const TracesRequest = root.lookupType('otlp.ExportTraceServiceRequest');

/** Replaced by bytes that are not UTF-8 once encoded (same length, so lengths stay right). */
const NOT_UTF8_MARK = '@~@~';
const NOT_UTF8 = [0xff, 0xc3, 0x28, 0xe2];

const KEYS = [
  'http.route',
  'http.request.method',
  'http.method',
  'http.response.status_code',
  'http.status_code',
  'db.name',
  'enduser.id',
  'k',
  'ключ',
  'quo"te',
];

function randomRequest(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const maybe = <T>(value: () => T): T | undefined => (random() < 0.7 ? value() : undefined);
  const text = () =>
    pick([
      '',
      'a',
      'GET',
      '/api/orders/{id}',
      '200',
      '0123456789012',
      'héllo wörld ✓',
      '😀 emoji',
      'x'.repeat(300),
      '{"k":1}',
      'tab\there\nline',
      'back\\slash',
      '\u0001\u007f',
      `bad ${NOT_UTF8_MARK} bytes`,
    ]);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const id = (n: number) =>
    random() < 0.93 ? bytes(n) : pick([() => new Uint8Array(n), () => bytes(3)])();
  const rarelyAbsent = <T>(value: () => T): T | undefined =>
    random() < 0.97 ? value() : undefined;
  const bigUnsigned = () =>
    pick([
      () => Math.floor(random() * 2 ** 53),
      () => '18446744073709551615',
      () => '9223372036854775808',
      () => 0,
    ])();
  const value = (depth: number): object =>
    pick([
      () => ({ stringValue: text() }),
      () => ({ stringValue: text() }),
      () => ({ boolValue: random() < 0.5 }),
      () => ({ intValue: Math.floor((random() - 0.5) * 2 ** 52) }),
      () => ({ intValue: pick([200, 404, -1, 70000, 2 ** 31, -(2 ** 31), 2 ** 32 + 5]) }),
      () => ({ intValue: pick(['9223372036854775807', '-9223372036854775808']) }),
      () => ({ doubleValue: pick([random() * 1e6, 2, -0, 1e21, Number.NaN, -Infinity, 0.25]) }),
      () => ({ bytesValue: bytes(3) }),
      () => ({ arrayValue: { values: depth > 2 ? [] : [value(depth + 1), value(depth + 1)] } }),
      () => ({ kvlistValue: { values: depth > 2 ? [] : [attribute(depth + 1)] } }),
      () => ({}),
    ])();
  const attribute = (depth = 0) => ({
    key: random() < 0.6 ? pick(KEYS) : text(),
    value: random() < 0.95 ? value(depth) : undefined,
  });
  const list = <T>(max: number, item: () => T) =>
    Array.from({ length: Math.floor(random() * (max + 1)) }, item);
  const span = () => ({
    traceId: rarelyAbsent(() => id(16)),
    spanId: rarelyAbsent(() => id(8)),
    traceState: maybe(text),
    parentSpanId: maybe(() => id(8)),
    name: maybe(text),
    kind: maybe(() => pick([0, 1, 2, 3, 4, 5, 9, -1])),
    startTimeUnixNano: maybe(bigUnsigned),
    endTimeUnixNano: maybe(bigUnsigned),
    attributes: list(12, attribute),
    droppedAttributesCount: maybe(() => Math.floor(random() * 10)),
    events: list(2, () => ({
      timeUnixNano: maybe(bigUnsigned),
      name: maybe(text),
      attributes: list(4, attribute),
      droppedAttributesCount: maybe(() => 2),
    })),
    droppedEventsCount: maybe(() => 3),
    links:
      random() < 0.2
        ? list(2, () => ({
            traceId: bytes(16),
            spanId: bytes(8),
            traceState: maybe(text),
            attributes: list(3, attribute),
            droppedAttributesCount: maybe(() => 1),
            flags: maybe(() => 257),
          }))
        : [],
    droppedLinksCount: maybe(() => 4),
    status: maybe(() => ({ code: pick([0, 1, 2, 7]), message: maybe(text) })),
    flags: maybe(() => pick([0, 1, 257, 2 ** 32 - 1])),
  });
  return {
    resourceSpans: list(3, () => ({
      resource: maybe(() => ({
        attributes: [
          ...(random() < 0.8 ? [{ key: 'service.name', value: { stringValue: text() } }] : []),
          ...list(2, attribute),
        ],
        droppedAttributesCount: 1,
      })),
      schemaUrl: maybe(text),
      scopeSpans: list(3, () => ({
        scope: maybe(() => ({ name: text(), version: text(), attributes: list(2, attribute) })),
        schemaUrl: maybe(text),
        spans: list(5, span),
      })),
    })),
  };
}

function encode(request: object, random?: () => number): Uint8Array {
  const bytes = random
    ? shuffledEncoding(request as RandomRequest, random)
    : TracesRequest.encode(TracesRequest.fromObject(request)).finish();
  const mark = Buffer.from(NOT_UTF8_MARK);
  const out = Buffer.from(bytes);
  for (let at = out.indexOf(mark); at >= 0; at = out.indexOf(mark, at + 1)) {
    out.set(NOT_UTF8, at);
  }
  return out;
}

type RandomRequest = ReturnType<typeof randomRequest>;
const Resource = root.lookupType('otlp.Resource');
const Scope = root.lookupType('otlp.InstrumentationScope');
const Span = root.lookupType('otlp.Span');

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    out.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  out.push(rest);
  return out;
}

/** Field `field` holding `bytes` (length-delimited). */
const lengthField = (field: number, bytes: Uint8Array) =>
  Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);

/** The top-level fields of a message, each with its tag and length: [field number, bytes]. */
function fieldsOf(message: Uint8Array): [number, Uint8Array][] {
  const reader = protobuf.Reader.create(message);
  const fields: [number, Uint8Array][] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    reader.skipType(tag & 7);
    fields.push([tag >>> 3, message.subarray(start, reader.pos)]);
  }
  return fields;
}

/**
 * Fields in a random order (protobuf allows any; encoders write them by number), the fields of a
 * repeated one still in their order among themselves.
 */
function shuffled(fields: [number, Uint8Array][], random: () => number): Uint8Array {
  const keys = fields.map(() => random());
  const byField = new Map<number, number[]>();
  fields.forEach(([field], i) => {
    byField.set(field, [...(byField.get(field) ?? []), i]);
  });
  for (const indexes of byField.values()) {
    const sorted = indexes.map((i) => keys[i] as number).sort((a, b) => a - b);
    indexes.forEach((i, k) => {
      keys[i] = sorted[k] as number;
    });
  }
  const order = fields.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  return Buffer.concat(order.map((i) => (fields[i] as [number, Uint8Array])[1]));
}

/** The request with its spans' and scope blocks' fields in random orders. */
function shuffledEncoding(request: RandomRequest, random: () => number): Uint8Array {
  const encode = (type: protobuf.Type, value: object) =>
    type.encode(type.fromObject(value)).finish();
  const resourceBlocks = request.resourceSpans.map((block) => {
    const scopeBlocks = block.scopeSpans.map((scopeBlock) => {
      const fields: [number, Uint8Array][] = [];
      if (scopeBlock.scope) fields.push([1, lengthField(1, encode(Scope, scopeBlock.scope))]);
      for (const span of scopeBlock.spans) {
        fields.push([2, lengthField(2, shuffled(fieldsOf(encode(Span, span)), random))]);
      }
      if (scopeBlock.schemaUrl !== undefined) {
        fields.push([3, lengthField(3, Buffer.from(scopeBlock.schemaUrl))]);
      }
      return lengthField(2, shuffled(fields, random));
    });
    const resource = block.resource ? [lengthField(1, encode(Resource, block.resource))] : [];
    return lengthField(1, Buffer.concat([...scopeBlocks, ...resource]));
  });
  return Buffer.concat(resourceBlocks);
}

/** Columns as comparable data: each text cell as its text, wherever it lies in the buffer. */
function comparable(columns: SpanColumns) {
  const { text, textStart, textLength, ...arrays } = columns;
  const cells: (string | null)[][] = [];
  const decoder = new TextDecoder();
  for (let row = 0; row < columns.count; row++) {
    cells.push(
      SPAN_TEXT_COLUMNS.map((_, column) => {
        const cell = row * SPAN_TEXT_COLUMNS.length + column;
        const length = textLength[cell] as number;
        if (length < 0) return null;
        const start = textStart[cell] as number;
        return decoder.decode(text.subarray(start, start + length));
      }),
    );
  }
  return { ...arrays, cells };
}

/** What span metrics read of a span (SpanSummary; db.name is the one attribute they look up). */
function summary(span: SpanSummary) {
  return {
    resource: {
      attributes: span.resource.attributes,
      droppedAttributesCount: span.resource.droppedAttributesCount,
      schemaUrl: span.resource.schemaUrl,
    },
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    statusCode: span.status.code,
    dbName: span.attributes.find((kv) => kv.key === 'db.name')?.value as AnyValue | undefined,
  };
}

/** The path before the columns decoder: objects, the limits, then the columns. */
function reference(bytes: Uint8Array, limits: IngestLimits) {
  const limited = limitRequest(decodeTracesProtobuf(bytes), limits, (span) =>
    limitSpan(span, limits),
  );
  return { ...limited, columns: buildSpanColumns(limited.items) };
}

const LIMITS: IngestLimits[] = [
  DEFAULT_INGEST_LIMITS,
  { maxItemsPerRequest: 1000, maxAttributes: 3, maxValueLength: 5 },
  { maxItemsPerRequest: 1000, maxAttributes: 6, maxValueLength: 12 },
];

test('the columns decoder writes the columns and span summaries the object path wrote, on 400 random requests', () => {
  const random = seededRandom(19);
  let spans = 0;
  let rejected = 0;
  for (let round = 0; round < 400; round++) {
    const bytes = encode(randomRequest(random));
    const limits = LIMITS[round % LIMITS.length] as IngestLimits;
    const direct = decodeSpanColumns(bytes, limits);
    assert.ok(direct, `round ${round}: a well-formed request is decoded into columns`);
    const expected = reference(bytes, limits);
    assert.deepEqual(comparable(direct.columns), comparable(expected.columns), `round ${round}`);
    assert.equal(direct.rejected, expected.rejected, `round ${round}`);
    assert.equal(direct.rejectionReason, expected.rejectionReason, `round ${round}`);
    assert.deepEqual(
      direct.spans.map(summary),
      expected.items.map((span: SpanData) => summary(span)),
      `round ${round}`,
    );
    spans += direct.columns.count;
    rejected += direct.rejected;
  }
  assert.ok(spans > 1000 && rejected > 50, `enough of both: ${spans} spans, ${rejected} rejected`);
});

test('fields in any order on the wire give the columns the object path gives', () => {
  const random = seededRandom(29);
  let spans = 0;
  for (let round = 0; round < 150; round++) {
    const bytes = encode(randomRequest(random), random);
    const direct = decodeSpanColumns(bytes, DEFAULT_INGEST_LIMITS);
    assert.ok(direct, `round ${round}`);
    const expected = reference(bytes, DEFAULT_INGEST_LIMITS);
    assert.deepEqual(comparable(direct.columns), comparable(expected.columns), `round ${round}`);
    assert.deepEqual(
      direct.spans.map(summary),
      expected.items.map((span: SpanData) => summary(span)),
      `round ${round}`,
    );
    spans += direct.columns.count;
  }
  assert.ok(spans > 500, `${spans} spans`);
});

test('malformed or cut requests give what the object path gives: the same columns or the same error', () => {
  const random = seededRandom(23);
  let errors = 0;
  for (let round = 0; round < 300; round++) {
    const whole = encode(randomRequest(random));
    const bytes = Buffer.from(whole.subarray(0, Math.floor(random() * whole.length)));
    if (round % 2 === 1 && bytes.length > 0) {
      bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    }
    let expected: ReturnType<typeof reference> | Error;
    try {
      expected = reference(bytes, DEFAULT_INGEST_LIMITS);
    } catch (error) {
      expected = error as Error;
    }
    if (expected instanceof Error) {
      errors++;
      assert.throws(
        () => decodeTraces('protobuf', bytes, DEFAULT_INGEST_LIMITS),
        { message: expected.message },
        `round ${round}`,
      );
      continue;
    }
    const decoded = decodeTraces('protobuf', bytes, DEFAULT_INGEST_LIMITS);
    assert.deepEqual(comparable(decoded.columns), comparable(expected.columns), `round ${round}`);
    assert.equal(decoded.rejected, expected.rejected, `round ${round}`);
    assert.equal(decoded.rejectionReason, expected.rejectionReason, `round ${round}`);
  }
  assert.ok(errors > 50, `${errors} malformed requests`);
});

test('a request with more spans than the limit takes the object path: the first are kept, the rest rejected', () => {
  const span = (i: number) => ({
    traceId: Buffer.alloc(16, 1),
    spanId: Buffer.from([0, 0, 0, 0, 0, 0, 0, i + 1]),
    name: `s${i}`,
  });
  const bytes = encode({ resourceSpans: [{ scopeSpans: [{ spans: [0, 1, 2].map(span) }] }] });
  const limits = { ...DEFAULT_INGEST_LIMITS, maxItemsPerRequest: 2 };
  assert.equal(decodeSpanColumns(bytes, limits), undefined);
  const seen: SpanSummary[] = [];
  const decoded = decodeTraces('protobuf', bytes, limits, (spans) => seen.push(...spans));
  assert.equal(decoded.columns.count, 2);
  assert.equal(decoded.rejected, 1);
  assert.match(decoded.rejectionReason, /more than 2 items in one request/);
  assert.deepEqual(
    seen.map((s) => s.name),
    ['s0', 's1'],
  );
});
