// Every endpoint that takes a regex, fed malformed and hostile ones: each is refused with Go's
// message as bad_data (400) or answered at once, never a hang. `[[:` once looped forever in the
// RE2-to-JavaScript translator, and `(.*.*)*x` backtracked for seconds per series.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type HandlerServer, serveHandler } from '@otel-lab/testkit';
import { sortedLabels } from '../../metrics/sample.js';
import { SampleBatchBuilder } from '../../metrics/sample-batch-builder.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/telemetry-store.js';
import { createPrometheusApiHandler } from './prometheus-api.js';
import { createSeriesSource } from './series-source.js';

let store: TelemetryStore;
let server: HandlerServer;
const errors: unknown[] = [];
const LONG_NAME = `traces_span_metrics_duration_seconds_bucket_${'x'.repeat(200)}`;

before(async () => {
  store = await openTelemetryStore({ dataDir: mkdtempSync(join(tmpdir(), 'hostile-regex-')) });
  const builder = new SampleBatchBuilder();
  builder.add(
    sortedLabels([
      ['__name__', 'up'],
      ['job', 'demo-app'],
    ]),
    100_000,
    1,
  );
  builder.add(
    sortedLabels([
      ['__name__', LONG_NAME],
      ['job', 'demo-app'],
    ]),
    100_000,
    2,
  );
  await store.writeSamples(builder.build());
  server = await serveHandler(
    createPrometheusApiHandler({
      source: createSeriesSource(store.reader, store.metrics.series),
      connection: store.reader,
      metadata: store.metrics.metadata,
      targets: () => [],
      onError: (error) => errors.push(error),
    }),
  );
});

after(async () => {
  await server.close();
  store.close();
  assert.deepEqual(errors, []);
});

/** Each endpoint that reads a selector, and how it words a refusal of its parameter. */
const ENDPOINTS: { name: string; path: (selector: string) => string; prefix: string }[] = [
  {
    name: 'query',
    path: (s) => `/api/v1/query?${new URLSearchParams({ query: s, time: '100' })}`,
    prefix: 'invalid parameter "query": ',
  },
  {
    name: 'query_range',
    path: (s) =>
      `/api/v1/query_range?${new URLSearchParams({ query: s, start: '0', end: '200', step: '100' })}`,
    prefix: 'invalid parameter "query": ',
  },
  {
    name: 'query_exemplars',
    path: (s) => `/api/v1/query_exemplars?${new URLSearchParams({ query: s })}`,
    prefix: '',
  },
  {
    name: 'series',
    path: (s) => `/api/v1/series?${new URLSearchParams({ 'match[]': s })}`,
    prefix: 'invalid parameter "match[]": ',
  },
  {
    name: 'labels',
    path: (s) => `/api/v1/labels?${new URLSearchParams({ 'match[]': s })}`,
    prefix: 'invalid parameter "match[]": ',
  },
  {
    name: 'label values',
    path: (s) => `/api/v1/label/job/values?${new URLSearchParams({ 'match[]': s })}`,
    prefix: 'invalid parameter "match[]": ',
  },
];

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("regexes Go refuses are bad_data with Go's message at the matcher", () => {
  const rows: [string, string][] = [
    ['{a=~"[[:"}', '1:2: parse error: error parsing regexp: missing closing ]: `[[:`'],
    [
      'up{job="x",path=~"[[:alpha:]"}',
      '1:12: parse error: error parsing regexp: missing closing ]: `[[:alpha:]`',
    ],
    [
      'up{job=~"(a)\\\\1"}',
      '1:4: parse error: error parsing regexp: invalid escape sequence: `\\1`',
    ],
    [
      '{a=~"(?=a)"}',
      '1:2: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    ],
    ['{a!~"(?<=a)b"}', '1:2: parse error: error parsing regexp: invalid named capture: `(?<=a)b`'],
    [
      '{a=~"(?>a)"}',
      '1:2: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?>`',
    ],
    [
      '{a=~"a++"}',
      '1:2: parse error: error parsing regexp: invalid nested repetition operator: `++`',
    ],
  ];
  for (const endpoint of ENDPOINTS) {
    for (const [selector, message] of rows) {
      test(`${endpoint.name} ${selector}`, async () => {
        assert.deepEqual(await get(endpoint.path(selector)), {
          status: 400,
          body: { status: 'error', errorType: 'bad_data', error: `${endpoint.prefix}${message}` },
        });
      });
    }
  }
});

describe('a selector whose matchers all match the empty string is refused', () => {
  for (const endpoint of ENDPOINTS) {
    for (const selector of ['{job=~".*"}', '{job=~"(?i).*"}', '{job!~".+"}', '{job=~"(?s:.*)|"}']) {
      test(`${endpoint.name} ${selector}`, async () => {
        const { status, body } = await get(endpoint.path(selector));
        assert.equal(status, 400);
        assert.equal(body.errorType, 'bad_data');
        assert.match(String(body.error), /must contain at least one non-empty matcher$/);
      });
    }
  }
});

test('exponential-backtracking patterns answer at once over long names', async () => {
  for (const pattern of ['(.*.*)*x', '(.*a){20}y', '((t|tr)*)*q']) {
    const started = performance.now();
    for (const endpoint of ENDPOINTS) {
      const { status, body } = await get(endpoint.path(`{__name__=~"${pattern}"}`));
      assert.equal(status, 200, `${endpoint.name} ${pattern}: ${JSON.stringify(body)}`);
    }
    // A generous bound: V8's backtracking took seconds on 16 characters, this name has 245.
    assert.ok(performance.now() - started < 20_000, pattern);
  }
  const { body } = await get(
    `/api/v1/series?${new URLSearchParams({ 'match[]': '{__name__=~"(.*.*)*x"}' })}`,
  );
  assert.deepEqual(
    (body.data as Record<string, string>[]).map((labels) => labels.__name__),
    [LONG_NAME],
  );
});

test('a regex too large to compile cheaply is refused as Go refuses larger ones', async () => {
  const pattern = '\\\\pL{1000}'.repeat(60);
  const { status, body } = await get(ENDPOINTS[0]?.path(`{a=~"${pattern}"}`) ?? '');
  assert.equal(status, 400);
  assert.match(
    String(body.error),
    /^invalid parameter "query": 1:2: parse error: error parsing regexp: expression too large: `/,
  );
});
