import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeTracesJson } from '@otel-lab/otlp';
import { tagHash } from '../../storage/tag-hashes.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createTraceReader } from './trace-reader.js';

// The tag index (storage/tag-hashes.ts) only picks candidates: a search must find exactly what
// comparing every span's stored JSON finds, for every value type and wherever the key/value is.

const T0 = 1_800_000_000_000_000_000n;
const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
const kv = (key: string, value: object) => ({ key, value });

const SPANS = [
  [
    kv('k.str', { stringValue: 'hello wörld' }),
    kv('k.int', { intValue: '200' }),
    kv('k.big', { intValue: '9007199254740993' }),
    kv('k.dbl', { doubleValue: 0.25 }),
    kv('k.dint', { doubleValue: 5 }),
    kv('k.huge', { doubleValue: 1e21 }),
    kv('k.tiny', { doubleValue: 1.5e-7 }),
    kv('k.nan', { doubleValue: 'NaN' }),
    kv('k.inf', { doubleValue: '-Infinity' }),
    kv('k.bool', { boolValue: true }),
    kv('k.bytes', { bytesValue: 'AQID' }),
    kv('k.list', { arrayValue: { values: [{ stringValue: 'x' }] } }),
  ],
  [kv('k.str', { stringValue: 'other' }), kv('k.int', { intValue: '-3' })],
  [],
];

/** Values as a user types them, including forms no stored text has. */
const SEARCHES: [string, string][] = [
  ['k.str', 'hello wörld'],
  ['k.str', 'hello'],
  ['k.int', '200'],
  ['k.int', '200.0'],
  ['k.int', '-3'],
  ['k.big', '9007199254740993'],
  ['k.dbl', '0.25'],
  ['k.dbl', '.25'],
  ['k.dint', '5'],
  ['k.dint', '5.0'],
  ['k.huge', '1e21'],
  ['k.huge', '1e+21'],
  ['k.huge', '1000000000000000000000'],
  ['k.tiny', '1.5e-7'],
  ['k.tiny', '1.5e-07'],
  ['k.nan', 'NaN'],
  ['k.inf', '-Infinity'],
  ['k.inf', '-inf'],
  ['k.bool', 'true'],
  ['k.bytes', 'AQID'],
  ['k.list', 'x'],
  ['ev.key', 'in event'],
  ['ln.key', '7'],
  ['ln.key', '7.0'],
  ['service.name', 'shop'],
];

let store: TelemetryStore;
let reader: ReturnType<typeof createTraceReader>;
/** One that compares in the scan past 8 candidates, as a search of many does. */
let scanning: ReturnType<typeof createTraceReader>;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'tag-index-')) });
  const spans = SPANS.map((attributes, i) => ({
    traceId: hex(i + 1, 32),
    spanId: hex(i + 1, 16),
    name: 'op',
    startTimeUnixNano: String(T0 + BigInt(i)),
    endTimeUnixNano: String(T0 + BigInt(i) + 1000n),
    attributes,
    ...(i === 2
      ? {
          events: [
            {
              timeUnixNano: String(T0),
              name: 'e',
              attributes: [kv('ev.key', { stringValue: 'in event' })],
            },
          ],
          links: [
            {
              traceId: hex(9, 32),
              spanId: hex(9, 16),
              attributes: [kv('ln.key', { intValue: '7' })],
            },
          ],
        }
      : {}),
  }));
  const resource = { attributes: [kv('service.name', { stringValue: 'shop' })] };
  const body = JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] });
  await store.writeSpans(decodeTracesJson(body).items);
  reader = createTraceReader(store.reader);
  scanning = createTraceReader(store.reader, 8);
});

after(() => store.close());

const search = (key: string, value: string, on = reader) =>
  on.findTraceIds({
    service: 'shop',
    operation: '',
    tags: new Map([[key, value]]),
    startMinNs: T0 - 1_000_000n,
    startMaxNs: T0 + 1_000_000n,
    durationMinNs: 0n,
    durationMaxNs: 0n,
    limit: 20,
  });

async function answers(on = reader): Promise<string[]> {
  const out: string[] = [];
  for (const [key, value] of SEARCHES) {
    out.push(`${key}=${value}: ${(await search(key, value, on)).join(',')}`);
  }
  return out;
}

test('a tag search through the index finds what comparing every span finds, for every type', async () => {
  const indexed = await answers();
  // Past its cap on candidates read whole, a search compares in the scan itself.
  assert.deepEqual(await answers(scanning), indexed);
  // Spans stored before the index (schema version 9) have none and are compared one by one.
  await store.reader.run('UPDATE spans SET tag_hashes = NULL');
  const compared = await answers();
  assert.deepEqual(indexed, compared);
  assert.deepEqual(await answers(scanning), indexed);
  const found = indexed.filter((line) => !line.endsWith(': '));
  assert.deepEqual(found, [
    'k.str=hello wörld: 1',
    'k.int=200: 1',
    'k.int=-3: 2',
    'k.big=9007199254740993: 1',
    'k.dbl=0.25: 1',
    'k.dint=5: 1',
    'k.tiny=1.5e-7: 1',
    'k.nan=NaN: 1',
    'k.inf=-Infinity: 1',
    'k.bool=true: 1',
    'k.bytes=AQID: 1',
    'ev.key=in event: 3',
    'ln.key=7: 3',
    'service.name=shop: 3,2,1',
  ]);
});

test('a span the index names is still compared: a hash alone never answers a search', async () => {
  // Span 2 claims, by hash, to hold k.str=hello wörld; its JSON does not.
  const hash = tagHash('k.str', 'hello wörld');
  await store.reader.run(`UPDATE spans SET tag_hashes = [${hash}::UINTEGER] WHERE span_id = 2`);
  assert.deepEqual(await search('k.str', 'hello wörld'), [1n]);
});
