import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LogExpr } from '../ast';
import { categorizedStreams, evaluateLogQuery, type LogQueryResult } from '../evaluate/log-query';
import { MemoryLogStorage } from '../memory-storage';
import { parseExpr } from '../parse/parser';
import { fixtureFile, loadOteldbLogs } from './oteldb-fixture';
import { conformanceSkip } from './shared-data';

// Counts derived by hand from logs.jsonl (123 JSON access-log lines; methods HEAD 22, GET 21,
// POST 21, PUT 20, DELETE 20, PATCH 19; protocols HTTP/1.0 55, HTTP/1.1 38, HTTP/2.0 30; status
// >= 500 on 38; user-identifier "-" on 54; bytes > 20000 on 44, >= 20480 on 42). Where oteldb's own
// table used dotted selectors ({http.method="GET"}), the Loki form filters the structured metadata.
const S = '{service_name="unknown_service"}';
const ALL = 123n;
const startNs = 1688770531000000000n;
const endNs = 1688770558000000000n;

async function run(query: string, limit = 1000, direction: 'forward' | 'backward' = 'backward') {
  const expr = parseExpr(query) as LogExpr;
  assert.equal(expr.kind, 'log');
  const storage = new MemoryLogStorage();
  storage.add(...loadOteldbLogs());
  return evaluateLogQuery(expr, storage, { startNs, endNs, limit, direction });
}

function count(result: LogQueryResult): number {
  return result.streams.reduce((n, s) => n + s.entries.length, 0);
}

describe('log queries over oteldb logs.jsonl', () => {
  const skip = conformanceSkip(fixtureFile);
  const cases: [string, number][] = [
    [S, Number(ALL)],
    [`${S} | http_method="GET"`, 21],
    [`${S} | http_method=~".*GET.*"`, 21],
    [`${S} | http_method!~"(HEAD|POST|DELETE|PUT|PATCH|TRACE|OPTIONS)"`, 21],
    [`${S} | http_method!="HEAD"`, 101],
    [`${S} | http_method="HEAD", http_status="500"`, 2],
    [`${S} | http_method="HEAD" and http_status=~"^500$"`, 2],
    [`${S} |= "\\"method\\": \\"GET\\""`, 21],
    [`${S} |= "\\"method\\": \\"HEAD\\"" |= "\\"status\\":500"`, 2],
    [`${S} |~ "\\"method\\":\\\\s*\\"DELETE\\""`, 20],
    [`${S} | line_format "{{ __line__ }}" |= "\\"method\\": \\"DELETE\\""`, 20],
    [`${S} |= "\\"method\\": \\"HEAD\\"" | line_format "{{ __line__ }}" |= "\\"status\\":500"`, 2],
    [`${S} != "\\"method\\": \\"HEAD\\""`, 101],
    [`${S} !~ "\\"method\\":\\\\s*\\"HEAD\\""`, 101],
    [`${S} |= "\\"method\\": \\"GET\\"" or "\\"method\\": \\"PUT\\""`, 41],
    [`${S} != "\\"method\\": \\"GET\\"" or "\\"method\\": \\"PUT\\""`, 82],
    [`${S} |~ "(?i)\\"METHOD\\": \\"get\\""`, 21],
    [`${S} | http_method="HEAD" |= ip("236.7.233.166")`, 1],
    [`${S} |> "<_>\\"method\\": \\"PATCH\\"<_>"`, 19],
    [`${S} !> "<_>\\"method\\": \\"PATCH\\"<_>"`, 104],
    [`${S} | json | protocol = "HTTP/1.0"`, 55],
    [`${S} | json | protocol =~ "HTTP/1.\\\\d"`, 93],
    [`${S} | json | protocol != "HTTP/2.0"`, 93],
    [`${S} | json | status >= 500`, 38],
    [`${S} | json | status >= 500 or method = "GET" and status >= 400 and status < 500`, 44],
    [`${S} | json | method = "POST" or status == 404`, 28],
    [`${S} | json | bytes > 20KB`, 44],
    [`${S} | json | bytes >= 20KiB`, 42],
    [`${S} | json | user_identifier = "-"`, 54],
    [`${S} | http_method="HEAD" | json | host = ip("236.7.233.0/24")`, 1],
    [`${S} | http_method="HEAD" | json | host = ip("236.7.233.0-236.7.233.255")`, 1],
    [`${S} | json | clearly_not_exist > 0`, 0],
    [`${S} | json method, status | status >= 500`, 38],
    [`${S} | logfmt | __error__ = ""`, Number(ALL)],
    [`${S} | regexp "\\"status\\":(?P<code>\\\\d+)" | code >= 500`, 38],
    [`${S} | pattern "<_>\\"status\\":<code>, <_>" | code >= 500`, 38],
  ];
  for (const [query, expected] of cases) {
    test(query, { skip }, async () => assert.equal(count(await run(query)), expected));
  }

  test('limit counts entries over all streams, newest first backward and oldest first forward', {
    skip,
  }, async () => {
    const backward = await run(`${S} | json | keep method`, 5, 'backward');
    const times = backward.streams.flatMap((s) => s.entries.map((e) => e.timestampNs)).sort();
    assert.deepEqual(times, [
      1688770556816580510n,
      1688770557066772308n,
      1688770557316918605n,
      1688770557566998293n,
      1688770557817067841n,
    ]);
    // Structured metadata is part of a plain stream's labels, so these three are three streams.
    const forward = await run(S, 3, 'forward');
    assert.equal(forward.streams.length, 3);
    assert.deepEqual(forward.streams.flatMap((s) => s.entries.map((e) => e.timestampNs)).sort(), [
      1688770531506063113n,
      1688770531506066453n,
      1688770531506070283n,
    ]);
  });

  test('keep leaves only the kept label, one stream per method', { skip }, async () => {
    const result = await run(`${S} | json | keep method`);
    const sizes = Object.fromEntries(
      result.streams.map((s) => [
        s.labels.map((l) => `${l.name}=${l.value}`).join(','),
        s.entries.length,
      ]),
    );
    assert.deepEqual(sizes, {
      'method=DELETE': 20,
      'method=GET': 21,
      'method=HEAD': 22,
      'method=PATCH': 19,
      'method=POST': 21,
      'method=PUT': 20,
    });
  });

  test('categorized form: index labels as the stream, metadata and parsed labels per entry', {
    skip,
  }, async () => {
    const query = `${S} | json method, status | http_method="HEAD" | http_status="500" | line_format "{{.method}} {{.status}}"`;
    const result = await run(query);
    assert.equal(result.streams.length, 1, 'one plain stream: all labels equal');
    const streams = categorizedStreams(result, 'backward');
    assert.equal(streams.length, 1);
    assert.deepEqual(streams[0]?.labels, [{ name: 'service_name', value: 'unknown_service' }]);
    const entries = streams[0]?.entries ?? [];
    assert.equal(entries.length, 2);
    for (const e of entries) {
      assert.equal(e.line, 'HEAD 500');
      assert.deepEqual(e.labels.parsed, [
        { name: 'method', value: 'HEAD' },
        { name: 'status', value: '500' },
      ]);
      assert.deepEqual(
        e.labels.metadata.map((l) => l.name),
        ['filename', 'http_method', 'http_status', 'job'],
      );
    }
    assert.ok((entries[0]?.timestampNs ?? 0n) > (entries[1]?.timestampNs ?? 0n), 'newest first');
  });

  test('a line that is not logfmt is kept with LogfmtParserErr under --strict', {
    skip,
  }, async () => {
    const result = await run(`${S} | logfmt --strict | __error__ = "LogfmtParserErr"`);
    assert.equal(count(result), Number(ALL));
    const parsed = result.streams[0]?.entries[0]?.labels.parsed ?? [];
    assert.ok(
      parsed.some(
        (l) => l.name === '__error_details__' && l.value.startsWith('logfmt syntax error at pos'),
      ),
    );
  });
});
