import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFindTracesQuery, parseRfc3339Nano, parseTraceIdV3 } from './query-params.js';

test('parseRfc3339Nano reads RFC 3339 with nanoseconds and offsets, as Go does', () => {
  const rows: [string, bigint][] = [
    ['1970-01-01T00:00:00Z', 0n],
    ['1969-12-31T23:59:59Z', -1_000_000_000n],
    ['2000-01-02T12:30:08.999999998Z', 946_816_208_999_999_998n],
    ['2000-04-05T21:55:16.999999992+08:00', 954_942_916_999_999_992n],
    ['2000-04-05T13:55:16.5-00:30', 954_944_716_500_000_000n],
    ['0099-01-01T00:00:00Z', -59_042_995_200_000_000_000n],
  ];
  for (const [text, ns] of rows) assert.equal(parseRfc3339Nano(text), ns, text);
  for (const bad of [
    'abc',
    '2000-02-30T00:00:00Z',
    '2000-01-01 00:00:00Z',
    '2000-01-01T00:00:00',
  ]) {
    assert.throws(() => parseRfc3339Nano(bad), /parsing time/, bad);
  }
});

test('parseTraceIdV3 reads hex and base64 as Jaeger TraceIDFromString does', () => {
  const rows: [string, bigint][] = [
    ['1', 1n],
    ['00000000000000010000000000000002', (1n << 64n) | 2n],
    ['AAAAAAAAAAEAAAAAAAAAAQ==', (1n << 64n) | 1n],
    ['AAAAAAAAAAEAAAAAAAAAAQ', (1n << 64n) | 1n],
    ['AAAAAAAAAAAAAAAAAAAAAQ==', 1n],
    ['AAAAAAAAAP///////////w==', (0xffn << 64n) | 0xffffffffffffffffn],
    ['EjRWeJq83vD+3LqYdlQyEA==', 0x123456789abcdef0fedcba9876543210n],
    ['EjRWeJq83vD-3LqYdlQyEA==', 0x123456789abcdef0fedcba9876543210n],
    ['AAAAAAAAAP___________w==', (0xffn << 64n) | 0xffffffffffffffffn],
  ];
  for (const [text, id] of rows) assert.equal(parseTraceIdV3(text), id, text);
  for (const bad of ['not-a-valid-id!', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAlong', 'QUFB']) {
    assert.throws(
      () => parseTraceIdV3(bad),
      /^JaegerParamError: malformed parameter trace_id/,
      bad,
    );
  }
});

test('parseFindTracesQuery: camelCase names, snake_case aliases, defaults', () => {
  const window =
    'query.startTimeMin=2024-01-01T00:00:00Z&query.start_time_max=2024-01-01T01:00:00Z';
  const rows: [string, Record<string, unknown>][] = [
    [
      'query.serviceName=a',
      { service: 'a', operation: '', limit: 100, durationMinNs: 0n, durationMaxNs: 0n },
    ],
    [
      'query.service_name=a&query.operation_name=op&query.search_depth=7&query.duration_min=1s&query.duration_max=2s',
      {
        service: 'a',
        operation: 'op',
        limit: 7,
        durationMinNs: 1_000_000_000n,
        durationMaxNs: 2_000_000_000n,
      },
    ],
    [
      'query.serviceName=a&query.service_name=b&query.num_traces=3&query.durationMin=1ms',
      { service: 'a', limit: 3, durationMinNs: 1_000_000n },
    ],
  ];
  for (const [query, expected] of rows) {
    const { search } = parseFindTracesQuery(new URLSearchParams(`${window}&${query}`));
    assert.equal(search.startMinNs, 1_704_067_200_000_000_000n);
    assert.equal(search.startMaxNs, 1_704_070_800_000_000_000n);
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(search[key as keyof typeof search], value, `${query}: ${key}`);
    }
  }
  const { search, raw } = parseFindTracesQuery(
    new URLSearchParams(
      `${window}&query.serviceName=a&query.raw_traces=true&query.attributes=${encodeURIComponent('{"k":"v","n":"1"}')}`,
    ),
  );
  assert.deepEqual(
    [...search.tags],
    [
      ['k', 'v'],
      ['n', '1'],
    ],
  );
  assert.equal(raw, true);
  for (const attributes of ['{"k":1}', '[]', '{']) {
    assert.throws(
      () =>
        parseFindTracesQuery(
          new URLSearchParams(
            `${window}&query.serviceName=a&query.attributes=${encodeURIComponent(attributes)}`,
          ),
        ),
      /malformed parameter query.attributes/,
      attributes,
    );
  }
});

test('query.searchDepth is taken up to 1500; past it is a 400 that names the maximum', () => {
  const window =
    'query.start_time_min=2024-01-01T00:00:00Z&query.start_time_max=2024-01-01T01:00:00Z&query.serviceName=a';
  for (const name of ['query.searchDepth', 'query.search_depth', 'query.num_traces']) {
    const { search } = parseFindTracesQuery(new URLSearchParams(`${window}&${name}=1500`));
    assert.equal(search.limit, 1500, name);
    assert.throws(
      () => parseFindTracesQuery(new URLSearchParams(`${window}&${name}=1501`)),
      new RegExp(`malformed parameter ${name}: must be at most 1500`),
      name,
    );
  }
});

test('query.attributes takes up to 32 tags; past it is a 400 that names the maximum', () => {
  const window =
    'query.start_time_min=2024-01-01T00:00:00Z&query.start_time_max=2024-01-01T01:00:00Z&query.serviceName=a';
  const attributes = (n: number) =>
    encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']))),
    );
  const { search } = parseFindTracesQuery(
    new URLSearchParams(`${window}&query.attributes=${attributes(32)}`),
  );
  assert.equal(search.tags.size, 32);
  assert.throws(
    () => parseFindTracesQuery(new URLSearchParams(`${window}&query.attributes=${attributes(33)}`)),
    /query.attributes: 33 tags, at most 32 in one search/,
  );
});
