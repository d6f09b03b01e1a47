import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  matchingSpans,
  parseTraceql,
  type TraceqlQuery,
  type TraceqlTrace,
} from '@otel-lab/traceql';
import { singleReader } from '../../../storage/reader-pool.js';
import { createTraceReader } from '../../jaeger/trace-reader.js';
import { SqlParams } from '../../sql-params.js';
import { boundSql } from './bound-sql.js';
import {
  CHARGE_SPAN_ID,
  FILTER_FIXTURE,
  TRACE_NIGHTLY,
  TRACE_ODD,
  TRACE_ORDERS,
} from './filter-fixture.test-support.js';
import { withResourceIds } from './resource-ids.js';
import { spanFilterSql } from './span-filter-sql.js';
import { openTestStore } from './test-store.test-support.js';
import { createSpanConverter, traceqlTrace } from './traceql-trace.js';

const ALL = ['GET /orders', 'charge', 'empty', 'nightly', 'ünïcode'];
const SHOP = ['GET /orders', 'charge'];
const ODD = ['empty', 'ünïcode'];
const not = (names: string[]) => ALL.filter((name) => !names.includes(name));

/**
 * A query, the names of the spans its filter matches in FILTER_FIXTURE, whether SQL is exact.
 * Each is also checked against the evaluator: the same spans when exact, a superset otherwise.
 */
const CASES: [string, string[], boolean][] = [
  ['{}', ALL, true],
  ['{ false }', [], true],
  ['{ name = "charge" }', ['charge'], true],
  ['{ span:name != "charge" }', not(['charge']), true],
  ['{ name =~ "GET.*" }', ['GET /orders'], true],
  ['{ name =~ "GET" }', [], true], // regexes match the whole string, as Tempo's
  ['{ name !~ "GET.*|char.*" }', ['empty', 'nightly', 'ünïcode'], true],
  ['{ name > "m" }', ['nightly', 'ünïcode'], true],
  ['{ status = error }', ['GET /orders'], true],
  ['{ status != error }', not(['GET /orders']), true],
  ['{ status = unset }', ['charge', ...ODD], true],
  ['{ span:status = ok }', ['nightly'], true],
  ['{ kind = client }', ['charge'], true],
  ['{ kind = unspecified }', ['empty'], true],
  ['{ kind != server }', not(['GET /orders']), true],
  ['{ statusMessage = "it broke" }', ['GET /orders'], true],
  ['{ duration > 100ms }', ['GET /orders', 'nightly'], true],
  ['{ span:duration <= 5ms }', ['charge', ...ODD], true],
  ['{ 5ms >= duration }', ['charge', ...ODD], true],
  ['{ duration = 1s }', ['nightly'], true],
  ['{ span.http.route = "/orders" }', ['GET /orders'], true],
  ['{ span.http.route = "/a" }', ['nightly'], true], // an array matches when an element does
  ['{ span.http.route != "/orders" }', ['charge', 'nightly'], true], // …every element, for !=
  ['{ .http.route =~ "/.*" }', ['GET /orders', 'charge', 'nightly'], true],
  ['{ span.http.response.status_code = 500 }', ['GET /orders'], true],
  ['{ span.http.response.status_code >= 400 }', ['GET /orders'], true],
  ['{ span.code = "500" }', ['charge'], true],
  ['{ span.code = 500 }', [], true], // a string never equals an int
  ['{ span.http.response.status_code = "500" }', [], true],
  ['{ span.code != 500 }', [], true], // nor differs from one
  ['{ span.ratio > 1 }', ['charge'], true],
  ['{ span.ratio = 0.5 }', ['GET /orders'], true],
  ['{ span.ratio = 2 }', ['charge'], true], // ints and floats compare numerically
  ['{ span.count = 2.0 }', ['nightly'], true],
  ['{ span.big > 9007199254740000 }', ['charge'], true],
  ['{ span.flag = true }', ['GET /orders'], true],
  ['{ span.flag != true }', ['nightly'], true],
  ['{ span.flag = "true" }', [], true],
  ['{ span.nums > 2 }', ['charge'], true],
  ['{ span.list = "y" }', ['charge'], true],
  ['{ span.list =~ "x|y" }', ['charge'], true],
  ['{ span.blob = "AAEC" }', ['nightly'], true],
  ['{ span.flag = nil }', ['charge', ...ODD], true],
  ['{ span.flag != nil }', ['GET /orders', 'nightly'], true],
  ['{ span."a/b" = "x" }', ['ünïcode'], true],
  ['{ span."a~b" = 1 }', ['ünïcode'], true],
  ['{ span.say = "say \\"hi\\"" }', ['ünïcode'], true],
  ['{ resource.env = "prod" }', [...SHOP, ...ODD], true],
  ['{ resource.service.name = "shop" }', SHOP, true],
  ['{ resource.service.name = "x" }', ODD, true], // an array, so not in the service column
  ['{ resource.service.name != "shop" }', ['nightly', ...ODD], true], // no element is shop
  ['{ resource.service.name =~ "sh.*|ba.*" }', [...SHOP, 'nightly'], true],
  ['{ resource.tags = "b" }', SHOP, true],
  ['{ resource.cpus >= 8 }', SHOP, true],
  ['{ resource.env = nil }', [], true],
  ['{ resource.cpus != nil }', SHOP, true],
  ['{ .env = "prod" }', ['charge', ...ODD], true], // the span's own env comes first
  ['{ .env = "span-env" }', ['GET /orders'], true],
  ['{ .cpus = 8 }', SHOP, true],
  ['{ .flag = nil }', ['charge', ...ODD], true],
  ['{ !(span.flag = true) }', not(['GET /orders']), true],
  ['{ span.flag = true || name = "charge" }', SHOP, true],
  ['{ span.flag = true && status = error }', ['GET /orders'], true],
  [`{ span:id = "${CHARGE_SPAN_ID}" }`, ['charge'], true],
  [`{ span:id != "${CHARGE_SPAN_ID}" }`, not(['charge']), true],
  ['{ span:id = "00F067AA0BA902B7" }', [], true],
  [`{ trace:id = "${TRACE_ORDERS}" }`, SHOP, true],
  [`{ trace:id = "${TRACE_NIGHTLY}" && name = "nightly" }`, ['nightly'], true],
  // Left to the evaluator: every span is a candidate.
  ['{ span.ratio + 1 > 2 }', ALL, false],
  ['{ traceDuration > 1s }', ALL, false],
  ['{ span.ratio > span.count }', ALL, false],
  ['{ event.name = "x" }', ALL, false],
  ['{ parent.span.flag = true }', ALL, false],
  ['{ name = "charge" || span.ratio + 1 > 2 }', ALL, false],
  ['{ name = "charge" && span.ratio + 1 > 2 }', ['charge'], false],
  ['{ !(span.ratio + 1 > 2) }', ALL, false],
];

describe('spanFilterSql: TraceQL span filters as SQL over spans', () => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let traces: TraceqlTrace[];
  before(async () => {
    opened = await openTestStore([FILTER_FIXTURE]);
    const ids = [TRACE_ORDERS, TRACE_NIGHTLY, TRACE_ODD].map((id) => BigInt(`0x${id}`));
    const rows = await createTraceReader(opened.store.reader).readTraces(ids);
    const convert = createSpanConverter();
    traces = ids.map((id) =>
      traceqlTrace(
        id,
        rows.filter((row) => row.traceId === id),
        convert,
      ),
    );
  });
  /** The names of the spans the evaluator matches: SQL must hold them all, exactly when exact. */
  const evaluated = (query: TraceqlQuery) =>
    traces.flatMap((trace) => matchingSpans(query, trace).map((span) => span.name)).sort();
  after(() => opened.close());

  const matched = async (sql: string, values: SqlParams['values']) => {
    const bound = boundSql(`SELECT name FROM spans s WHERE ${sql} ORDER BY name`, values);
    const rows = await opened.store.reader.runAndReadAll(bound.sql, bound.values);
    return rows.getRowObjects().map((row) => row.name);
  };

  for (const [query, names, exact] of CASES) {
    test(query, async () => {
      const parsed = parseTraceql(query);
      const { expr } = parsed;
      assert.ok(expr.kind === 'spansetFilter');
      const params = new SqlParams();
      const pushed = spanFilterSql(expr.filter, params);
      const rows = await matched(pushed.sql, params.values);
      assert.deepEqual(rows, [...names].sort(), pushed.sql);
      assert.equal(pushed.exact, exact);
      const byEvaluator = evaluated(parsed);
      if (exact) assert.deepEqual(rows, byEvaluator, 'SQL and the evaluator agree');
      else
        assert.ok(
          byEvaluator.every((name) => rows.includes(name)),
          'SQL holds every match',
        );
      // The same with resource conditions resolved to resource ids first.
      const pool = singleReader(opened.store.reader);
      const resolved = await withResourceIds(pool, (ids) => {
        const own = new SqlParams();
        return { ...spanFilterSql(expr.filter, own, ids), values: own.values };
      });
      assert.deepEqual(
        await matched(resolved.sql, resolved.values),
        [...names].sort(),
        resolved.sql,
      );
      assert.equal(resolved.exact, exact);
    });
  }
});
