import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryLogStorage } from '../memory-storage';
import { evaluateInstantQuery, evaluateRangeQuery } from '../metric/metric-query';
import { labelText, metric } from '../metric/metric-test-data';
import { parseExpr } from '../parse/parser';
import { fixtureFile, loadOteldbLogs } from './oteldb-fixture';
import { queriesFile, readQueryTemplates } from './oteldb-queries';
import { conformanceSkip } from './shared-data';

// oteldb's compliance queries select {job="varlogs"}; on logs.jsonl, loaded as Loki's OTLP endpoint
// stores it, the one stream is service_name="unknown_service" and job, filename, http_method and
// http_status are structured metadata (so they are labels of every sample, as in Loki).
const S = '{service_name="unknown_service"}';
const SEC = 1_000_000_000n;
/** The data runs from 1688770531.506 s to 1688770557.817 s. */
const END = 1688770560n * SEC;
const START = 1688770530n * SEC;

function onFixture(query: string): string {
  return query.replaceAll('{job="varlogs"}', S);
}

describe("oteldb's metric queries run on logs.jsonl", () => {
  const skip = conformanceSkip(queriesFile) || conformanceSkip(fixtureFile);
  const templates = skip ? [] : readQueryTemplates();
  const storage = new MemoryLogStorage();
  if (!skip) storage.add(...loadOteldbLogs());
  // Every second from :32 to :57 holds 4 or more lines, so even a 1 s window there is never empty.
  const at = 1688770558n * SEC;
  const range = { startNs: 1688770535n * SEC, endNs: 1688770555n * SEC, stepNs: 5n * SEC };

  for (const t of templates) {
    const first = t.queries[0] as string;
    // #1-#62 hold the log queries (evaluateLogQuery's tests) and 13 scalar or vector() expressions.
    if (first.trimStart().startsWith('{') || t.index === 52 || t.index === 56) continue;
    test(`#${t.index}: ${t.queries.length} expansions run as instant and range queries`, async () => {
      for (const query of t.queries) {
        const expr = metric(onFixture(query));
        const instant = await evaluateInstantQuery(expr, storage, { timeNs: at });
        const matrix = await evaluateRangeQuery(expr, storage, range);
        // Empty where oteldb expects it, and where the unwrapped field (took, size) is not in the data.
        const empty = t.shouldBeEmpty || /duration\(took\)|bytes\(size\)/.test(query);
        const instantEmpty = instant.resultType === 'vector' && instant.samples.length === 0;
        assert.equal(instantEmpty, empty, `instant ${query}`);
        assert.equal(matrix.series.length === 0, empty, `range ${query}`);
      }
    });
  }
});

// Expected values derived from logs.jsonl with a separate script over the raw JSON (not this
// engine): 123 records, one each of 82 (method, status) pairs or more; methods HEAD 22, POST 21, GET
// 21, PUT 20, DELETE 20, PATCH 19; 21 distinct statuses, 502 on 15; lines 33,608 bytes in all (HEAD
// 5,951, POST 5,754, GET 5,695, DELETE 5,484, PUT 5,463, PATCH 5,261; pair HEAD/205 1,351 over 5
// lines is the largest, POST/302 235 the smallest; the longest mean line is DELETE/302's single
// 310-byte line); the "bytes" fields sum to 1,847,740, their median
// is 13,965, their maxima by method DELETE 29,374, GET 29,365, HEAD 28,841, PATCH 28,778, POST
// 26,505, PUT 28,739; 21 lines contain "POST" (68 pairs do not); per 5 s window ending at :35, :40,
// :45, :50, :55, :60: 31, 20, 20, 20, 20, 12 lines.
describe('metric queries over oteldb logs.jsonl, values derived from the data', () => {
  const skip = conformanceSkip(fixtureFile);
  const storage = new MemoryLogStorage();
  if (!skip) storage.add(...loadOteldbLogs());
  const byMethod = (values: Record<string, number>) =>
    Object.entries(values).map(([m, v]) => [`method=${m}`, v] as [string, number]);

  // [template number, query at END, expected samples in answer order]
  const cases: [number, string, [string, number][]][] = [
    [77, `sum(count_over_time(${S}[1m]))`, [['', 123]]],
    [77, `count(count_over_time(${S}[1m]))`, [['', 82]]],
    [77, `sum(bytes_over_time(${S}[1m]))`, [['', 33608]]],
    [77, `sum(rate(${S}[1m]))`, [['', 123 / 60]]],
    [77, `sum(bytes_rate(${S}[1m]))`, [['', 33608 / 60]]],
    [
      78,
      `sum by (filename) (count_over_time(${S}[1m]))`,
      [['filename=/var/log/generated.txt', 123]],
    ],
    [
      79,
      `sum by (method) (count_over_time(${S} | json [1m]))`,
      byMethod({ DELETE: 20, GET: 21, HEAD: 22, PATCH: 19, POST: 21, PUT: 20 }),
    ],
    [
      68,
      `max_over_time(${S} | json | unwrap bytes [1m]) by (method)`,
      byMethod({
        DELETE: 29374,
        GET: 29365,
        HEAD: 28841,
        PATCH: 28778,
        POST: 26505,
        PUT: 28739,
      }),
    ],
    [
      70,
      `min_over_time(${S} | json status, bytes | unwrap bytes(bytes) [1m]) by (method)`,
      // json with params extracts only status and bytes: no method label, one group.
      [['', 536]],
    ],
    [
      75,
      `quantile_over_time(0.5, ${S} | json status, bytes | unwrap bytes [1m]) by (filename)`,
      [['filename=/var/log/generated.txt', 13965]],
    ],
    [67, `sum(sum_over_time(${S} | json | unwrap bytes [1m]))`, [['', 1847740]]],
    [67, `count(sum_over_time(${S} | json | unwrap duration(took) [1m]))`, []],
    [
      82,
      `topk(1, bytes_over_time(${S}[1m]))`,
      [
        [
          'filename=/var/log/generated.txt,http_method=HEAD,http_status=205,job=generated-logs,service_name=unknown_service',
          1351,
        ],
      ],
    ],
    [
      82,
      `bottomk(1, bytes_over_time(${S}[1m]))`,
      [
        [
          'filename=/var/log/generated.txt,http_method=POST,http_status=302,job=generated-logs,service_name=unknown_service',
          235,
        ],
      ],
    ],
    [65, `absent_over_time(${S}[1m])`, []],
    [
      66,
      `absent_over_time(${S} |= "no way line would contain this message" [1m])`,
      [['service_name=unknown_service', 1]],
    ],
    [89, `sum(count_over_time(${S}[1m]) * 2)`, [['', 246]]],
    [91, `count(count_over_time(${S}[1m]) > 0)`, [['', 82]]],
    [92, `count_over_time(${S}[1m]) > 1000000000`, []],
    [93, `sum(count_over_time(${S}[1m]) == bool 0)`, [['', 0]]],
    [93, `count(count_over_time(${S}[1m]) != bool 0)`, [['', 82]]],
    [90, `max(bytes_over_time(${S}[1m]) / count_over_time(${S}[1m]))`, [['', 310]]],
    [
      90,
      `sum(bytes_over_time(${S} | http_method="HEAD" | http_status="205" [1m]) / count_over_time(${S} | http_method="HEAD" [1m]))`,
      [['', 1351 / 5]],
    ],
    [
      95,
      `sum(count_over_time(${S} != "POST" | json method, status [30s]) or count_over_time(${S} |= "(POST|PUT|GET)" | json method, status [30s]))`,
      [['', 102]],
    ],
    [
      95,
      `count(count_over_time(${S} != "POST" | json method, status [30s]) or count_over_time(${S} |= "(POST|PUT|GET)" | json method, status [30s]))`,
      [['', 68]],
    ],
    [96, `sum(count_over_time(${S}[30s]) and count_over_time(${S}[30s]))`, [['', 123]]],
    [
      97,
      `sum(count_over_time(${S} | json method, status [30s]) unless count_over_time(${S} |= "(POST|PUT)" | json method, status [30s]))`,
      [['', 123]],
    ],
    [
      98,
      `sum by (filename, status) (rate(${S} | json status [1m])) / on (filename) group_left sum by (filename) (rate(${S} | json status [1m])) > 0.1`,
      [['filename=/var/log/generated.txt,status=502', 15 / 123]],
    ],
    [
      98,
      `count(sum by (filename, status) (rate(${S} | json status [1m])) / on (filename) group_left sum by (filename) (rate(${S} | json status [1m])))`,
      [['', 21]],
    ],
    [
      86,
      `sum by (replace_label) (label_replace(bytes_over_time(${S}[1m]), "replace_label", "$0", "filename", ".+"))`,
      [['replace_label=/var/log/generated.txt', 33608]],
    ],
    [
      87,
      `sum by (job) (label_replace(bytes_over_time(${S}[1m]), "job", "$0", "filename", ".+"))`,
      [['job=/var/log/generated.txt', 33608]],
    ],
    [
      85,
      `sort_desc(sum by (method) (bytes_over_time(${S} | json method [1m])))`,
      [
        ['method=HEAD', 5951],
        ['method=POST', 5754],
        ['method=GET', 5695],
        ['method=DELETE', 5484],
        ['method=PUT', 5463],
        ['method=PATCH', 5261],
      ],
    ],
  ];
  for (const [index, query, want] of cases) {
    test(`#${index}: ${query}`, { skip }, async () => {
      const result = await evaluateInstantQuery(metric(query), storage, { timeNs: END });
      assert.equal(result.resultType, 'vector');
      if (result.resultType !== 'vector') return;
      const got = result.samples.map((s) => [labelText(s.labels), s.value]);
      assert.deepEqual(
        got.map(([l]) => l),
        want.map(([l]) => l),
      );
      got.forEach(([, v], i) => {
        const w = (want[i] as [string, number])[1];
        assert.ok(Math.abs((v as number) - w) <= 1e-12 * Math.max(1, w), `${v} != ${w}`);
      });
    });
  }

  test('#64/#77 over time: 5 s windows every 5 s, and the same windows 5 s earlier by offset', {
    skip,
  }, async () => {
    const windows = async (query: string) => {
      const result = await evaluateRangeQuery(metric(query), storage, {
        startNs: START,
        endNs: END,
        stepNs: 5n * SEC,
      });
      assert.equal(result.series.length, 1);
      const s = result.series[0];
      return s?.timestampsMs.map((t, i) => [t / 1000 - 1688770500, s.values[i]]);
    };
    assert.deepEqual(await windows(`sum(count_over_time(${S}[5s]))`), [
      [35, 31],
      [40, 20],
      [45, 20],
      [50, 20],
      [55, 20],
      [60, 12],
    ]);
    // offset 5s: each step counts the window 5 s before it, so (530, 535] shows at :40.
    assert.deepEqual(await windows(`sum(count_over_time(${S}[5s] offset 5s))`), [
      [40, 31],
      [45, 20],
      [50, 20],
      [55, 20],
      [60, 20],
    ]);
    assert.equal(parseExpr(`count_over_time(${S}[5s] offset 5s)`).kind, 'rangeAggregation');
  });
});
