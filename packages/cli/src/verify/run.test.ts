import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DashboardFile } from './checks/dashboard.js';
import { parseVerifyArgs, type VerifyOptions } from './options.js';
import { PENDING } from './pending.js';
import type { VerifyReport } from './report.js';
import { type CheckResult, isPending } from './result.js';
import { runVerify } from './run.js';
import {
  type CannedLab,
  cannedGet,
  lively,
  NOW_MS,
  orderTrace,
  span,
  TRACE_ID,
} from './test-support/canned-lab.js';

const options = parseVerifyArgs([]) as VerifyOptions;
const real = parseVerifyArgs([
  '--prometheus',
  'http://prom:9090',
  '--jaeger',
  'http://jaeger:16686',
]) as VerifyOptions;

const dashboard: DashboardFile = {
  path: 'test.json',
  json: {
    title: 'lab',
    uid: 'lab-uid',
    templating: {
      list: [{ name: 'endpoint', type: 'query', includeAll: true, allValue: '.*' }],
    },
    panels: [
      { title: 'Rate', type: 'timeseries', targets: [{ expr: 'rate(a{e=~"$endpoint"}[5m])' }] },
      { title: 'P95', type: 'timeseries', targets: [{ expr: 'p95' }] },
      { title: 'Errors', type: 'stat', targets: [{ expr: 'errors' }] },
      {
        title: 'Traces',
        type: 'table',
        datasource: { type: 'jaeger', uid: 'jaeger' },
        targets: [{ datasource: { type: 'jaeger' }, queryType: 'search' }],
      },
    ],
  },
};

const verify = (lab: CannedLab, opts = options, asked: string[] = []) =>
  runVerify(opts, dashboard, cannedGet(lab, asked), () => NOW_MS);

const statuses = (report: VerifyReport) => report.checks.map((check) => check.status);
const texts = (report: VerifyReport, id: number) =>
  report.checks[id - 1]?.evidence.map((e) => `${e.status} ${e.text}`).join('\n') ?? '';

describe('the six checks on canned answers', () => {
  test('a lively lab passes every check, with the trace id and counts as evidence', async () => {
    const report = await verify(lively());
    assert.deepEqual(
      statuses(report),
      ['pass', 'pass', 'pass', 'pass', 'pass', 'pass'],
      JSON.stringify(report, null, 1),
    );
    assert.equal(report.exitCode, 0);
    assert.equal(report.needsTraffic, false);
    assert.match(
      texts(report, 2),
      new RegExp(`trace ${TRACE_ID}: 8 spans \\(demo-app 6, payment-service 2\\)`),
    );
    assert.match(texts(report, 4), /4 panels/);
    assert.match(texts(report, 4), /skip Traces \(table\): jaeger data source/);
    assert.match(texts(report, 5), /pass 1 log records with trace id .* in .*\/api\/logs/);
    assert.match(texts(report, 5), /pass 1 log records with trace id .* in the backend's Loki API/);
    assert.match(texts(report, 6), new RegExp(`pass .* finds trace ${TRACE_ID}: charge 123 ms`));
  });

  test("the embedded backend's logs are checked through its Loki API too", async () => {
    const asked: string[] = [];
    const lab = lively();
    const get = cannedGet(lab, asked);
    const noLoki: typeof get = (url) => {
      if (!url.includes('/loki/api/v1/')) return get(url);
      asked.push(url);
      return Promise.resolve({ status: 404, body: 'not found' });
    };
    const report = await runVerify(options, dashboard, noLoki, () => NOW_MS);
    assert.equal(report.checks[4]?.status, 'fail');
    assert.match(texts(report, 5), /pass 1 log records with trace id .* in .*\/api\/logs/);
    assert.match(texts(report, 5), /fail .*the backend's Loki API .* answered 404/);
    const loki = asked.find((url) => url.includes('/loki/api/v1/query_range'));
    assert.match(
      new URL(loki ?? 'http://x').searchParams.get('query') ?? '',
      new RegExp(`\\| trace_id="${TRACE_ID}"`),
    );
  });

  test('no traffic yet: spans, traces and metrics fail, each saying to run npm run traffic', async () => {
    const lab = lively();
    lab.services = [];
    lab.traces = [];
    lab.logs = [];
    lab.otherQueries = [];
    lab.traceql = {};
    lab.traceqlSeries = [];
    const report = await verify(lab);
    assert.deepEqual(statuses(report), ['fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
    assert.equal(report.exitCode, 1);
    assert.equal(report.needsTraffic, true);
    // The services themselves are up and scraped.
    assert.match(texts(report, 1), /pass demo-app \/metrics: up 1, 300 series/);
    assert.match(texts(report, 1), /fail demo-app spans: none stored .*run npm run traffic/);
    assert.match(texts(report, 2), /no POST \/api\/orders trace .*run npm run traffic/);
    assert.match(
      texts(report, 3),
      /lab query 1 app_requests_total: no samples .*run npm run traffic/,
    );
    // Each says what it waits for, so the report can say how long to allow.
    const pending = (id: number) =>
      report.checks[id - 1]?.evidence.filter((e) => e.status === 'fail').map((e) => e.pending);
    assert.deepEqual(pending(1), [PENDING.spans, PENDING.spans]);
    assert.deepEqual(pending(3), [
      PENDING.scrape,
      PENDING.scrape,
      PENDING.scrape,
      PENDING.scrapedRate,
    ]);
    assert.deepEqual(pending(4), [PENDING.scrapedRate, PENDING.scrape, PENDING.scrape]);
    assert.deepEqual(pending(5), [PENDING.spans]);
    assert.deepEqual(pending(6), [PENDING.spans, PENDING.spans]);
    assert.ok(report.checks.every(isPending));
  });

  test('a broken trace or an unreachable URL is not data to wait for', async () => {
    const lab = lively();
    lab.traces = [orderTrace(TRACE_ID, [span('a1', 'POST /api/orders', 'p1')])];
    const broken = await verify(lab);
    assert.equal(broken.checks[1]?.status, 'fail');
    assert.equal(isPending(broken.checks[1] as CheckResult), false);
    lab.down = ['http://localhost:16686'];
    const down = await verify(lab);
    assert.ok(down.checks.every((check) => !isPending(check)));
  });

  test('an incomplete trace of the last seconds waits for the rest of its spans', async () => {
    const lab = lively();
    const recent = (id: string, name: string, parent?: string) => ({
      ...span(id, name, 'p1', parent),
      startTime: (NOW_MS - 2000) * 1000,
    });
    // demo-app's batch has arrived, payment-service's not yet.
    lab.traces = [
      orderTrace(TRACE_ID, [recent('a1', 'POST /api/orders'), recent('a2', 'x', 'a1')]),
    ];
    const report = await verify(lab);
    assert.equal(isPending(report.checks[1] as CheckResult), true);
    assert.match(
      texts(report, 2),
      /no complete POST \/api\/orders trace yet .* spans may still be on their way/,
    );
  });

  test('NaN is not data', async () => {
    const lab = lively();
    lab.otherQueries = [[{}, 'NaN']];
    const report = await verify(lab);
    assert.match(texts(report, 4), /fail P95 \(timeseries\): only NaN/);
  });

  test('one panel without data fails check 4, naming the panel', async () => {
    const lab = lively();
    lab.queries.errors = [];
    const report = await verify(lab);
    assert.deepEqual(statuses(report), ['pass', 'pass', 'pass', 'fail', 'pass', 'pass']);
    assert.match(texts(report, 4), /fail Errors \(stat\): no data for errors/);
    assert.equal(report.exitCode, 1);
  });

  test('template variables are resolved before querying', async () => {
    const asked: string[] = [];
    await verify(lively(), options, asked);
    const queries = asked.map((url) => new URL(url).searchParams.get('query'));
    assert.ok(queries.includes('rate(a{e=~".*"}[5m])'), queries.join('\n'));
  });

  test('a broken order trace fails check 2 with what is wrong; the logs are still looked up', async () => {
    const lab = lively();
    lab.traces = [
      orderTrace(TRACE_ID, [span('a1', 'POST /api/orders', 'p1'), span('a2', 'x', 'p1', 'ff')]),
    ];
    const report = await verify(lab);
    assert.equal(report.checks[1]?.status, 'fail');
    assert.match(texts(report, 2), /2 spans, fewer than 5/);
    assert.match(texts(report, 2), /parent ff is not in the trace/);
    assert.match(texts(report, 2), /no spans from payment-service/);
    assert.equal(report.checks[4]?.status, 'pass');
  });

  test('logs of another trace do not count', async () => {
    const lab = lively();
    lab.logs = [];
    const report = await verify(lab);
    assert.equal(report.checks[4]?.status, 'fail');
    assert.match(texts(report, 5), /no log record with trace id/);
  });

  test('an unreachable backend fails every check naming the URL, without the traffic advice', async () => {
    const lab = lively();
    lab.down = ['http://localhost:16686'];
    const report = await verify(lab);
    assert.deepEqual(statuses(report), ['fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
    assert.match(
      texts(report, 3),
      /cannot reach http:\/\/localhost:16686 \(GET \/api\/v1\/query\)/,
    );
    assert.equal(report.needsTraffic, false);
  });

  test('the real stack without Loki or Grafana: the log check is not checked and does not fail', async () => {
    const asked: string[] = [];
    const report = await verify(lively(), real, asked);
    assert.deepEqual(statuses(report), ['pass', 'pass', 'pass', 'pass', 'skip', 'skip']);
    assert.equal(report.exitCode, 0);
    assert.match(texts(report, 5), /not checked: .*--loki/);
    assert.match(texts(report, 6), /not checked: the real stack has no Tempo/);
    assert.ok(!asked.some((url) => url.includes('/api/search') || url.includes('/api/metrics/')));
    assert.ok(asked.some((url) => url.startsWith('http://prom:9090/api/v1/query')));
    assert.ok(asked.some((url) => url.startsWith('http://jaeger:16686/api/traces')));
  });

  const realWith = (...extra: string[]) =>
    parseVerifyArgs([
      '--prometheus',
      'http://prom:9090',
      '--jaeger',
      'http://jaeger:16686',
      ...extra,
    ]) as VerifyOptions;

  test('--loki: the trace id is looked up with query_range', async () => {
    const asked: string[] = [];
    const report = await verify(lively(), realWith('--loki', 'http://loki:3100'), asked);
    assert.equal(report.checks[4]?.status, 'pass', texts(report, 5));
    assert.match(
      texts(report, 5),
      /1 log records with trace id .* in Loki at http:\/\/loki:3100\/: demo-app "order created"/,
    );
    const loki = new URL(asked.find((url) => url.includes('/loki/')) ?? '');
    assert.equal(loki.pathname, '/loki/api/v1/query_range');
    assert.equal(loki.searchParams.get('query'), `{service_name=~".+"} | trace_id="${TRACE_ID}"`);
  });

  test('--grafana with a login: the dashboard is looked up and Loki asked through the proxy', async () => {
    const asked: string[] = [];
    const report = await verify(
      lively(),
      realWith('--grafana', 'http://admin:pw@grafana:3000'),
      asked,
    );
    assert.deepEqual(
      statuses(report),
      ['pass', 'pass', 'pass', 'pass', 'pass', 'skip'],
      texts(report, 4),
    );
    assert.match(
      texts(report, 4),
      /pass Grafana 13\.1\.0 at http:\/\/admin:\*\*\*@grafana:3000\/: database ok/,
    );
    assert.match(texts(report, 4), /pass Grafana has dashboard lab-uid "lab" provisioned/);
    assert.ok(
      asked.some((url) =>
        url.startsWith(
          'http://admin:pw@grafana:3000/api/datasources/proxy/uid/loki/loki/api/v1/query_range?',
        ),
      ),
    );
    assert.doesNotMatch(JSON.stringify(report), /:pw@/);
  });

  test('--grafana without a login: Grafana answers, its dashboard and the logs are not checked', async () => {
    const report = await verify(lively(), realWith('--grafana', 'http://grafana:3000'));
    assert.deepEqual(statuses(report), ['pass', 'pass', 'pass', 'pass', 'skip', 'skip']);
    assert.match(texts(report, 4), /skip Grafana dashboard: not checked, it needs a login/);
  });
});
