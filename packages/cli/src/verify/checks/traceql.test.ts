import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GetJson } from '../http.js';
import { parseVerifyArgs, type VerifyOptions } from '../options.js';
import { PENDING } from '../pending.js';
import { sourcesOf } from '../sources.js';
import {
  type CannedLab,
  cannedGet,
  lively,
  NOW_MS,
  orderTrace,
  TRACE_ID,
  tempoTrace,
} from '../test-support/canned-lab.js';
import { traceShape } from '../trace-tree.js';
import { checkTraceql, TRACEQL } from './traceql.js';

const options = parseVerifyArgs([]) as VerifyOptions;
const trace = traceShape(orderTrace());

async function run(lab: CannedLab, wrap: (get: GetJson) => GetJson = (get) => get) {
  const asked: string[] = [];
  const get = wrap(cannedGet(lab, asked));
  const result = await checkTraceql(
    { get, sources: sourcesOf(options, get), nowMs: NOW_MS },
    trace,
  );
  const lines = result.evidence.map((e) => `${e.status} ${e.text}`);
  return { result, lines, asked: asked.map((url) => new URL(url)) };
}

test('a lively lab: the order trace found, the p95 read, slow payments shown, no failures skipped', async () => {
  const { result, lines, asked } = await run(lively());
  assert.equal(result.status, 'pass', lines.join('\n'));
  assert.deepEqual(lines, [
    `pass ${TRACEQL.orderCharge} finds trace ${TRACE_ID}: charge 123 ms`,
    `pass ${TRACEQL.orderP95}: 0.712 s (the newest of 2 intervals with spans in the last 5 minutes)`,
    `pass ${TRACEQL.slowPayments}: 1 slow payments in the last 5 minutes, e.g. 1f2e3d: process_payment 712 ms`,
    `skip ${TRACEQL.failedCharges}: no orders whose charge failed in the last 5 minutes; start the lab with PAYMENT_FAILURE_RATE=0.2 to have some (exercise 6)`,
  ]);
  // The order trace is looked for in its own time, in whole seconds around it.
  const search = asked.find((url) => url.searchParams.get('q') === TRACEQL.orderCharge);
  const startS = trace.startUs / 1e6;
  assert.deepEqual(Object.fromEntries(search?.searchParams ?? []), {
    q: TRACEQL.orderCharge,
    start: String(Math.floor(startS - 1)),
    end: String(Math.ceil(startS + trace.durationUs / 1e6 + 1)),
    limit: '20',
  });
  const metrics = asked.find((url) => url.pathname === '/api/metrics/query_range');
  assert.deepEqual(Object.fromEntries(metrics?.searchParams ?? []), {
    q: TRACEQL.orderP95,
    start: String((NOW_MS - 300_000) / 1000),
    end: String(NOW_MS / 1000),
    step: '60s',
  });
});

test('what fails check 6, and what only waits for spans', async () => {
  const cases: {
    name: string;
    change: (lab: CannedLab) => void;
    wrap?: (get: GetJson) => GetJson;
    line: RegExp;
    /** Failing lines: every search fails when the search endpoint does. */
    failures?: number;
    pending?: boolean;
  }[] = [
    {
      name: 'a backend without TraceQL search',
      change: () => {},
      wrap: (get) => async (url) =>
        url.includes('/api/search?')
          ? { status: 404, body: { error: 'no route for /api/search' } }
          : get(url),
      line: /^fail TraceQL search: http:\/\/localhost:16686\/ answered 404 to \/api\/search: no route for \/api\/search$/,
      failures: 3,
    },
    {
      name: 'a query the backend cannot parse (Tempo answers text)',
      change: () => {},
      wrap: (get) => async (url) =>
        url.includes('/api/metrics/')
          ? { status: 400, body: 'invalid TraceQL query: parse error at line 1, col 22\n' }
          : get(url),
      line: /^fail TraceQL metrics: .* answered 400 to \/api\/metrics\/query_range: invalid TraceQL query: parse error at line 1, col 22$/,
    },
    {
      name: 'the order trace not among the answers',
      change: (lab) => {
        lab.traceql[TRACEQL.orderCharge] = [
          tempoTrace('5b8aa5a2d2c872e8321cf37308d69df2', 'charge', 90),
        ];
      },
      line: new RegExp(
        `^fail .* does not find trace ${TRACE_ID} in its time \\(1 traces answered\\)$`,
      ),
    },
    {
      name: 'no p95 samples, or only NaN',
      change: (lab) => {
        lab.traceqlSeries = [{ labels: [], samples: [{ timestampMs: '1', value: 'NaN' }] }];
      },
      line: /^fail \{name="process_order"\} \| quantile_over_time\(duration, \.95\): no process_order spans in the last 5 minutes$/,
      pending: true,
    },
  ];
  for (const { name, change, wrap, line, failures, pending } of cases) {
    const lab = lively();
    change(lab);
    const { result, lines } = await run(lab, wrap);
    assert.equal(result.status, 'fail', name);
    const failed = result.evidence.filter((e) => e.status === 'fail');
    assert.equal(failed.length, failures ?? 1, `${name}:\n${lines.join('\n')}`);
    assert.match(`fail ${failed[0]?.text}`, line, name);
    assert.equal(failed[0]?.pending, pending ? PENDING.spans : undefined, name);
  }
});

test('Tempo leaves out empty lists and zero values: no traces, and intervals without spans', async () => {
  const lab = lively();
  lab.traceqlSeries = [
    {
      labels: [],
      samples: [
        { timestampMs: String(NOW_MS - 120_000), value: 0.25 },
        { timestampMs: String(NOW_MS - 60_000) },
      ],
    },
  ];
  const { lines } = await run(lab, (get) => async (url) => {
    const answer = await get(url);
    const body = 'body' in answer ? (answer.body as { traces?: unknown[] }) : undefined;
    // The failed-charges search finds nothing: Tempo answers no traces field at all.
    return body?.traces?.length === 0 ? { status: 200, body: { metrics: {} } } : answer;
  });
  assert.ok(
    lines.includes(
      `pass ${TRACEQL.orderP95}: 0.250 s (the newest of 1 intervals with spans in the last 5 minutes)`,
    ),
    lines.join('\n'),
  );
  assert.match(lines.at(-1) ?? '', /^skip .*: no orders whose charge failed/);
});

test('a trace id Tempo writes without its leading zeros is the same trace', async () => {
  const lab = lively();
  const padded = `000${TRACE_ID.slice(3)}`;
  lab.traces = [orderTrace(padded)];
  lab.traceql[TRACEQL.orderCharge] = [tempoTrace(TRACE_ID.slice(3), 'charge', 123)];
  const asked: string[] = [];
  const get = cannedGet(lab, asked);
  const result = await checkTraceql(
    { get, sources: sourcesOf(options, get), nowMs: NOW_MS },
    { ...trace, traceId: padded },
  );
  assert.equal(result.evidence[0]?.status, 'pass', result.evidence[0]?.text);
});

test('without an order trace from check 2, check 6 waits as check 2 does', async () => {
  const get = cannedGet(lively());
  const result = await checkTraceql(
    { get, sources: sourcesOf(options, get), nowMs: NOW_MS },
    undefined,
    PENDING.spans,
  );
  assert.equal(result.evidence[0]?.text, 'no order trace to look up (see 2)');
  assert.equal(result.evidence[0]?.pending, PENDING.spans);
});
