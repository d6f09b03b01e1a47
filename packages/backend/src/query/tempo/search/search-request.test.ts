import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TempoError } from '../tempo-error.js';
import { DEFAULT_SEARCH_WINDOW_NS, parseSearchRequest } from './search-request.js';

const NOW = 1_700_000_000n * 1_000_000_000n;
const parse = (query: string) => parseSearchRequest(new URLSearchParams(query), NOW);

describe('parseSearchRequest: /api/search parameters as Tempo reads them', () => {
  test('defaults: 20 traces, 3 spans per span set, the last hour, a tags search for {}', () => {
    const request = parse('');
    assert.equal(request.limit, 20);
    assert.equal(request.spss, 3);
    assert.equal(request.legacy, true);
    assert.equal(request.endNs, NOW);
    assert.equal(request.startNs, NOW - DEFAULT_SEARCH_WINDOW_NS);
    assert.deepEqual(request.query.expr, {
      kind: 'spansetFilter',
      filter: { kind: 'static', type: 'bool', value: true },
    });
  });

  test('q, limit, spss, start and end', () => {
    const request = parse('q={name="x"}&limit=5&spss=7&start=100&end=200');
    assert.equal(request.legacy, false);
    assert.equal(request.query.expr.kind, 'spansetFilter');
    assert.equal(request.limit, 5);
    assert.equal(request.spss, 7);
    assert.equal(request.startNs, 100_000_000_000n);
    assert.equal(request.endNs, 200_000_000_000n);
  });

  test('spss=0 is the default, as Tempo reads it', () => {
    assert.equal(parse('spss=0').spss, 3);
  });

  const REFUSED: [string, string][] = [
    ['limit=0', 'invalid limit: must be a positive number'],
    ['limit=x', 'invalid limit: strconv.ParseUint: parsing "x": invalid syntax'],
    ['limit=-1', 'invalid limit: strconv.ParseUint: parsing "-1": invalid syntax'],
    [
      'limit=5000000000',
      'invalid limit: strconv.ParseUint: parsing "5000000000": value out of range',
    ],
    ['limit=1001', 'limit 1001 exceeds max limit 1000'],
    ['spss=101', 'spans per span set exceeds 100. received 101'],
    ['spss=1.5', 'invalid spss: strconv.ParseUint: parsing "1.5": invalid syntax'],
    ['start=abc&end=5', 'invalid start: strconv.ParseUint: parsing "abc": invalid syntax'],
    ['start=10', 'http parameter start must be before end. received start=10 end=0'],
    ['start=10&end=10', 'http parameter start must be before end. received start=10 end=10'],
    [
      'start=1000&end=606000',
      'range specified by start and end exceeds 168h0m0s. received start=1000 end=606000',
    ],
    ['q={}&tags=a=b', "invalid request: can't specify tags and q in the same query"],
    [
      'q={ name = }',
      'invalid TraceQL query: parse error at line 1, col 10: syntax error: unexpected }',
    ],
    [
      'q={} | rate()',
      'invalid TraceQL query: a metrics query is answered by /api/metrics/query_range and /api/metrics/query, not /api/search',
    ],
    ['tags=a=1 a=2', 'invalid tags: tag a has been set twice'],
    ['minDuration=5', 'invalid minDuration: time: missing unit in duration "5"'],
    ['maxDuration=fast', 'invalid maxDuration: time: invalid duration "fast"'],
    ['minDuration=2s&maxDuration=1s', 'invalid maxDuration: must be greater than minDuration'],
    ['q={}&minDuration=x', 'invalid minDuration: time: invalid duration "x"'],
  ];
  for (const [query, message] of REFUSED) {
    test(`400 for ${query}`, () => {
      assert.throws(
        () => parse(query),
        (error) => error instanceof TempoError && error.status === 400 && error.message === message,
      );
    });
  }

  test('a query longer than 128 KiB is refused before it is parsed', () => {
    const q = `{ name = "${'x'.repeat(128 * 1024)}" }`;
    assert.throws(
      () => parse(`q=${encodeURIComponent(q)}`),
      /exceeds the configured maximum size of 131072 bytes/,
    );
  });
});
