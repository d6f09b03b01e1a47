import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeMetricsJson,
  decodeMetricsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
  OtlpDecodeError,
} from './index.js';

/** A seeded generator, so a failure names a round that replays. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decoding either succeeds or throws OtlpDecodeError; anything else is a bug. */
function survives(decode: (input: never) => unknown, input: unknown, label: string): void {
  try {
    decode(input as never);
  } catch (error) {
    assert.ok(error instanceof OtlpDecodeError, `${label}: ${String(error)}`);
  }
}

const examples = join(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'otlp-examples');
/**
 * The specification's example, or, where ../shared is absent, a small request of the same shape:
 * mutating an empty request would exercise almost nothing. CI has the examples (decode.test.ts
 * fails there without them).
 */
const seedJson = (file: string, fallback: unknown) =>
  existsSync(join(examples, file))
    ? readFileSync(join(examples, file), 'utf8')
    : JSON.stringify(fallback);

const attributes = [
  { key: 'service.name', value: { stringValue: 'fuzz' } },
  { key: 'n', value: { intValue: '7' } },
  { key: 'ok', value: { boolValue: true } },
  { key: 'list', value: { arrayValue: { values: [{ doubleValue: 1.5 }] } } },
];
const FALLBACK_TRACES = {
  resourceSpans: [
    {
      resource: { attributes },
      scopeSpans: [
        {
          scope: { name: 'fuzz', version: '1' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              parentSpanId: 'eee19b7ec3c1b173',
              name: 'op',
              kind: 2,
              startTimeUnixNano: '1544712660000000000',
              endTimeUnixNano: '1544712661000000000',
              attributes,
              events: [{ timeUnixNano: '1544712660500000000', name: 'e', attributes }],
              links: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b172' }],
              status: { code: 2, message: 'failed' },
            },
          ],
        },
      ],
    },
  ],
};
const FALLBACK_LOGS = {
  resourceLogs: [
    {
      resource: { attributes },
      scopeLogs: [
        {
          scope: { name: 'fuzz' },
          logRecords: [
            {
              timeUnixNano: '1544712660300000000',
              severityNumber: 9,
              severityText: 'INFO',
              body: { stringValue: 'hello' },
              attributes,
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
            },
          ],
        },
      ],
    },
  ],
};
const FALLBACK_METRICS = {
  resourceMetrics: [
    {
      resource: { attributes },
      scopeMetrics: [
        {
          scope: { name: 'fuzz' },
          metrics: [
            {
              name: 'g',
              unit: '1',
              gauge: {
                dataPoints: [{ asDouble: 1.5, timeUnixNano: '1544712660300000000', attributes }],
              },
            },
            {
              name: 'h',
              histogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  {
                    count: '3',
                    sum: 4,
                    bucketCounts: ['1', '2'],
                    explicitBounds: [1],
                    timeUnixNano: '1544712660300000000',
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
};

const JSON_CASES = [
  {
    name: 'traces',
    decode: decodeTracesJson,
    text: seedJson('trace.json', FALLBACK_TRACES),
  },
  { name: 'logs', decode: decodeLogsJson, text: seedJson('logs.json', FALLBACK_LOGS) },
  {
    name: 'metrics',
    decode: decodeMetricsJson,
    text: seedJson('metrics.json', FALLBACK_METRICS),
  },
];

test('the fallback seeds are requests that decode, so their mutations reach the decoders', () => {
  for (const decoded of [
    decodeTracesJson(JSON.stringify(FALLBACK_TRACES)),
    decodeLogsJson(JSON.stringify(FALLBACK_LOGS)),
    decodeMetricsJson(JSON.stringify(FALLBACK_METRICS)),
  ]) {
    assert.ok(decoded.items.length > 0 && decoded.rejected === 0, decoded.rejectionReason);
  }
});

for (const { name, decode, text } of JSON_CASES) {
  test(`mutated OTLP/JSON ${name}: an OtlpDecodeError or a result, never a crash`, () => {
    const random = generator(7);
    const alphabet = '{}[]":,0123456789-.eE truefalsnul\\"abcxyz';
    for (let round = 0; round < 3000; round += 1) {
      const chars = [...text];
      const edits = 1 + Math.floor(random() * 4);
      for (let edit = 0; edit < edits; edit += 1) {
        const at = Math.floor(random() * chars.length);
        const kind = random();
        if (kind < 0.4) chars[at] = alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
        else if (kind < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)] ?? 'x');
      }
      survives(decode, chars.join(''), `round ${round}`);
    }
  });
}

const PROTOBUF_DECODERS = [
  { name: 'traces', decode: decodeTracesProtobuf },
  { name: 'logs', decode: decodeLogsProtobuf },
  { name: 'metrics', decode: decodeMetricsProtobuf },
];

for (const { name, decode } of PROTOBUF_DECODERS) {
  test(`random protobuf ${name}: an OtlpDecodeError or a result, never a crash or hang`, () => {
    const random = generator(11);
    for (let round = 0; round < 3000; round += 1) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 200) }, () =>
        Math.floor(random() * 256),
      );
      survives(decode, bytes, `round ${round}`);
    }
  });
}

test('deeply nested protobuf values are an OtlpDecodeError, not a stack overflow', () => {
  // AnyValue{array_value: ArrayValue{values: [AnyValue{...}]}} nested 20,000 deep as a resource attribute.
  let value: Buffer = Buffer.from([0x0a, 0x00]); // AnyValue{string_value: ""}
  const wrap = (tag: number, inner: Buffer) =>
    Buffer.concat([Buffer.from([tag]), varint(inner.length), inner]);
  for (let depth = 0; depth < 20_000; depth += 1) value = wrap(0x2a, wrap(0x0a, value));
  const keyValue = Buffer.concat([wrap(0x0a, Buffer.from('k')), wrap(0x12, value)]);
  const request = wrap(0x0a, wrap(0x0a, wrap(0x0a, keyValue)));
  assert.throws(() => decodeTracesProtobuf(request), OtlpDecodeError);
});

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let rest = n;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
