import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRoute, tracePath } from './routes.js';
import {
  DEFAULT_SEARCH,
  decodeSearch,
  encodeSearch,
  hasErrorsOnly,
  parseLogfmt,
  traceQuery,
  withErrorsOnly,
  withTimeRange,
} from './search-state.js';

describe('parseLogfmt', () => {
  const rows = [
    { input: '', expected: { ok: true, tags: {} } },
    { input: 'error=true', expected: { ok: true, tags: { error: 'true' } } },
    {
      input: ' http.status_code=500  http.route=/api/orders ',
      expected: { ok: true, tags: { 'http.status_code': '500', 'http.route': '/api/orders' } },
    },
    { input: 'msg="a b \\"c\\""', expected: { ok: true, tags: { msg: 'a b "c"' } } },
    { input: 'empty=', expected: { ok: true, tags: { empty: '' } } },
    { input: 'novalue', expected: { ok: false, error: 'expected key=value at "novalue"' } },
  ];
  for (const row of rows) {
    test(JSON.stringify(row.input), () => assert.deepEqual(parseLogfmt(row.input), row.expected));
  }
});

describe('errors only', () => {
  const rows = [
    { tags: '', on: true, expected: 'error=true' },
    { tags: 'http.route=/x', on: true, expected: 'http.route=/x error=true' },
    { tags: 'error=true http.route=/x', on: false, expected: 'http.route=/x' },
    { tags: 'error=false', on: true, expected: 'error=true' },
    { tags: 'not logfmt', on: true, expected: 'not logfmt' },
  ];
  for (const row of rows) {
    test(`${JSON.stringify(row.tags)} ${row.on ? 'on' : 'off'}`, () => {
      const tags = withErrorsOnly(row.tags, row.on);
      assert.equal(tags, row.expected);
      if (tags !== 'not logfmt') assert.equal(hasErrorsOnly(tags), row.on);
    });
  }
});

describe('search state in the URL', () => {
  test("Jaeger UI's search URL decodes, tags from JSON to key=value", () => {
    const state = decodeSearch(
      new URLSearchParams(
        'service=demo-app&operation=POST%20%2Fapi%2Forders&tags=%7B%22error%22%3A%22true%22%2C%22msg%22%3A%22a%20b%22%7D&lookback=2h&start=1&end=2&minDuration=100ms&maxDuration=2s&limit=50',
      ),
    );
    assert.deepEqual(state, {
      service: 'demo-app',
      operation: 'POST /api/orders',
      tags: 'error=true msg="a b"',
      lookback: '2h',
      start: '1',
      end: '2',
      minDuration: '100ms',
      maxDuration: '2s',
      limit: '50',
      sort: 'recent',
      traceIDs: [],
    });
  });

  const roundTrips = [
    { ...DEFAULT_SEARCH },
    { ...DEFAULT_SEARCH, service: 'demo-app', tags: 'error=true', sort: 'longest' as const },
    { ...DEFAULT_SEARCH, service: 'a&b=c', operation: 'GET /x?y', tags: 'k="v w"', limit: '5' },
    { ...DEFAULT_SEARCH, service: 's', lookback: 'custom', start: '100', end: '200' },
    { ...DEFAULT_SEARCH, traceIDs: ['abc', 'def'] },
  ];
  for (const state of roundTrips) {
    test(`round trip: ${encodeSearch(state)}`, () =>
      assert.deepEqual(decodeSearch(encodeSearch(state)), state));
  }

  test('defaults and empty fields stay out of the URL; tags go as JSON', () => {
    assert.equal(
      encodeSearch({ ...DEFAULT_SEARCH, service: 'demo-app', tags: 'error=true' }).toString(),
      'service=demo-app&tags=%7B%22error%22%3A%22true%22%7D&lookback=1h&limit=20',
    );
  });

  test('an unknown sort falls back to the most recent', () => {
    assert.equal(decodeSearch(new URLSearchParams('sort=sideways')).sort, 'recent');
  });
});

describe('the /api/traces query', () => {
  const now = 1_700_000_000_000;
  test('the lookback fixes start and end in µs', () => {
    const state = withTimeRange({ ...DEFAULT_SEARCH, service: 's', lookback: '5m' }, now);
    assert.equal(state.start, String((now - 300_000) * 1000));
    assert.equal(state.end, String(now * 1000));
  });
  test('every filter, with the tags as JSON', () => {
    const query = traceQuery(
      {
        ...DEFAULT_SEARCH,
        service: 'demo-app',
        operation: 'charge',
        tags: 'error=true',
        start: '1',
        end: '2',
        minDuration: '1ms',
        maxDuration: '1s',
        limit: '7',
      },
      now,
    );
    assert.equal(
      query.toString(),
      'service=demo-app&operation=charge&tags=%7B%22error%22%3A%22true%22%7D&start=1&end=2&minDuration=1ms&maxDuration=1s&limit=7',
    );
  });
  test("Jaeger UI's traceID parameters ask for those traces only", () => {
    const state = decodeSearch(new URLSearchParams('traceID=abc&traceID=def&service=x'));
    assert.deepEqual(state.traceIDs, ['abc', 'def']);
    assert.equal(String(traceQuery(state, now)), 'traceID=abc&traceID=def');
  });
  test('what is wrong is said', () => {
    assert.deepEqual(traceQuery(DEFAULT_SEARCH, now), { error: 'choose a service' });
    assert.deepEqual(traceQuery({ ...DEFAULT_SEARCH, service: 's', tags: 'oops' }, now), {
      error: 'tags: expected key=value at "oops"',
    });
  });
});

describe('routes', () => {
  const rows = [
    { path: '/', expected: { page: 'search' } },
    { path: '/search', expected: { page: 'search' } },
    { path: '/search/', expected: { page: 'search' } },
    { path: '/trace/abc123', expected: { page: 'trace', traceId: 'abc123' } },
    { path: '/query', expected: { page: 'query' } },
    { path: '/metrics', expected: { page: 'not-found', path: '/metrics' } },
    { path: '/status', expected: { page: 'status' } },
    { path: '/alerts', expected: { page: 'alerts' } },
    { path: '/graph', expected: { page: 'graph' } },
    { path: '/elsewhere', expected: { page: 'not-found', path: '/elsewhere' } },
  ];
  for (const row of rows) {
    test(row.path, () => assert.deepEqual(parseRoute(row.path), row.expected));
  }
  test('a trace path round-trips', () => {
    assert.deepEqual(parseRoute(tracePath('a/b')), { page: 'trace', traceId: 'a/b' });
  });
});
