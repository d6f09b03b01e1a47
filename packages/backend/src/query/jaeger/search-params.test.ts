import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoDuration } from './go-duration.js';
import { parseTraceRequest } from './search-params.js';
import { formatTraceId, JaegerParamError, parseTraceId } from './trace-id.js';

const NOW = 1_700_000_000_000_000_000n;

test('Go durations', () => {
  const rows: [string, bigint | string][] = [
    ['1.2s', 1_200_000_000n],
    ['100ms', 100_000_000n],
    ['1h2m', 3_720_000_000_000n],
    ['4500ns', 4500n],
    ['5us', 5000n],
    ['5µs', 5000n],
    ['0', 0n],
    ['-1s', -1_000_000_000n],
    ['.5s', 500_000_000n],
    ['1', 'time: missing unit in duration "1"'],
    ['abc', 'time: invalid duration "abc"'],
    ['1x', 'time: invalid duration "1x"'],
    ['', 'time: invalid duration ""'],
    ['1.s', 1_000_000_000n],
    ['.', 'time: invalid duration "."'],
  ];
  for (const [input, expected] of rows) {
    if (typeof expected === 'bigint') assert.equal(parseGoDuration(input), expected, input);
    else assert.throws(() => parseGoDuration(input), { message: expected }, input);
  }
});

test('a Go duration of 100,000 digits is refused in one pass', { timeout: 10_000 }, () => {
  const digits = '0'.repeat(100_000);
  assert.throws(() => parseGoDuration(digits), { message: /missing unit/ });
  assert.throws(() => parseGoDuration(`${digits}x`), { message: /invalid duration/ });
});

test('trace ids as Jaeger parses and prints them', () => {
  const rows: [string, string][] = [
    ['1', '0000000000000001'],
    ['00000000000000000000000000000011', '0000000000000011'],
    ['83a9efd15c1c98a977e0711cc93ee28b', '83a9efd15c1c98a977e0711cc93ee28b'],
    ['A77E0711CC93EE28B', '000000000000000a77e0711cc93ee28b'],
  ];
  for (const [input, printed] of rows) assert.equal(formatTraceId(parseTraceId(input)), printed);
  assert.throws(() => parseTraceId('xyz'), {
    message: 'strconv.ParseUint: parsing "xyz": invalid syntax',
  });
  assert.throws(() => parseTraceId('1'.repeat(33)), /cannot be longer than 32 hex characters/);
});

test('search parameters: values and defaults', () => {
  const request = parseTraceRequest(
    new URLSearchParams({
      service: 'shop',
      operation: 'GET /',
      tags: '{"http.status_code":"500","error":"true"}',
      tag: 'a:b:c',
      minDuration: '1ms',
      maxDuration: '1.5s',
      start: '1000',
      end: '2000',
      limit: '20',
    }),
    NOW,
  );
  assert.deepEqual(request, {
    kind: 'search',
    raw: false,
    search: {
      service: 'shop',
      operation: 'GET /',
      tags: new Map([
        ['a', 'b:c'],
        ['http.status_code', '500'],
        ['error', 'true'],
      ]),
      startMinNs: 1_000_000n,
      startMaxNs: 2_000_000n,
      durationMinNs: 1_000_000n,
      durationMaxNs: 1_500_000_000n,
      limit: 20,
    },
  });
  const defaults = parseTraceRequest(new URLSearchParams({ service: 's' }), NOW);
  assert.ok(defaults.kind === 'search');
  assert.equal(defaults.search.limit, 100);
  assert.equal(defaults.search.startMaxNs, NOW);
  assert.equal(defaults.search.startMinNs, NOW - 2n * 86_400_000_000_000n);
  const lookback = parseTraceRequest(new URLSearchParams({ service: 's', lookback: '1h' }), NOW);
  assert.ok(lookback.kind === 'search');
  assert.equal(lookback.search.startMinNs, NOW - 3_600_000_000_000n);
  const ids = parseTraceRequest(new URLSearchParams('traceID=1&traceID=ff&raw=true'), NOW);
  assert.deepEqual(ids, {
    kind: 'ids',
    ids: [1n, 255n],
    raw: true,
    startMinNs: undefined,
    startMaxNs: undefined,
  });
});

test('bad search parameters fail with the messages Jaeger gives', () => {
  const rows: [string, string][] = [
    ['', "parameter 'service' is required"],
    ['service=s&limit=0', 'invalid parameter: limit must be greater than 0'],
    ['service=s&limit=x', 'strconv.ParseInt: parsing "x": invalid syntax'],
    ['service=s&limit=99999999999', 'strconv.ParseInt: parsing "99999999999": value out of range'],
    [
      'service=s&limit=1501',
      'invalid parameter: limit must be at most 1500, the most traces one search returns',
    ],
    ['service=s&limit=2147483647', 'invalid parameter: limit must be at most 1500'],
    [
      'service=s&start=x',
      `unable to parse param 'start': strconv.ParseInt: parsing "x": invalid syntax`,
    ],
    [
      'service=s&end=1.5',
      `unable to parse param 'end': strconv.ParseInt: parsing "1.5": invalid syntax`,
    ],
    ['service=s&start=20&end=10', 'invalid parameter: start time must be before end time'],
    [
      'service=s&minDuration=fast',
      `unable to parse param 'minDuration': time: invalid duration "fast"`,
    ],
    [
      'service=s&maxDuration=10',
      `unable to parse param 'maxDuration': time: missing unit in duration "10"`,
    ],
    [
      'service=s&minDuration=2s&maxDuration=1s',
      "'maxDuration' should be greater than 'minDuration'",
    ],
    ['service=s&tag=novalue', "malformed 'tag' parameter, expecting key:value, received: novalue"],
    ['service=s&tags=%7Bbad', "malformed 'tags' parameter, cannot unmarshal JSON"],
    ['service=s&tags=%7B%22a%22%3A1%7D', "malformed 'tags' parameter, cannot unmarshal JSON"],
    ['traceID=zz', 'cannot parse traceID param: strconv.ParseUint: parsing "zz": invalid syntax'],
    [
      'service=s&raw=maybe',
      `unable to parse param 'raw': strconv.ParseBool: parsing "maybe": invalid syntax`,
    ],
  ];
  for (const [query, message] of rows) {
    assert.throws(
      () => parseTraceRequest(new URLSearchParams(query), NOW),
      (error: unknown) => {
        assert.ok(error instanceof JaegerParamError, query);
        assert.ok(error.message.startsWith(message), `${query}: ${error.message}`);
        return true;
      },
    );
  }
});

test('limit is taken up to 1500, Jaeger UI’s own ceiling', () => {
  const request = parseTraceRequest(new URLSearchParams('service=s&limit=1500'), NOW);
  assert.equal(request.kind === 'search' && request.search.limit, 1500);
});

test('a search takes up to 32 tags; past it is a 400 that names the maximum', () => {
  const query = (n: number) =>
    new URLSearchParams(
      `service=a&${Array.from({ length: n }, (_, i) => `tag=k${i}:v`).join('&')}`,
    );
  const request = parseTraceRequest(query(32), NOW);
  assert.equal(request.kind === 'search' && request.search.tags.size, 32);
  assert.throws(() => parseTraceRequest(query(33), NOW), {
    message: 'invalid parameter tags: 33 tags, at most 32 in one search',
  });
});
