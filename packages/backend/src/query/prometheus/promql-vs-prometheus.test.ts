import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  type ApiResult,
  type BackendProcess,
  DASHBOARD_QUERIES,
  differenceOf,
  EMPTY,
  hasRealPrometheus,
  LAB_QUERIES,
  MIXED_QUERIES,
  ORDERED,
  openMetricsDataset,
  PROMETHEUS_BIN,
  PROMTOOL_BIN,
  type RealPrometheus,
  startBackendProcess,
  startRealPrometheus,
} from '@otel-lab/testkit';

const MAIN = join(__dirname, '..', '..', 'main.js');
const MINUTE = 60_000;
/**
 * Samples sit 7.5 s past each 15 s mark and evaluation times fall on whole minutes, so no sample
 * lies on a window edge: Prometheus 2 closes range windows on the left, Prometheus 3 (which this
 * engine follows) does not, and the two must agree here.
 */
const END = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
const START = END - 3 * 60 * MINUTE;
const DATA = openMetricsDataset({
  startMs: START - 30 * MINUTE + 7_500,
  points: (3 * 60 + 30) * 4,
  stepMs: 15_000,
  routes: 3,
});

const present = hasRealPrometheus();
if (!present && process.env.OTEL_LAB_REQUIRE_ALL) {
  test('the real Prometheus is installed', () => assert.fail(`${PROMETHEUS_BIN} is missing`));
}

describe('PromQL against a real Prometheus on identical data', {
  skip: present ? false : `no Prometheus at ${PROMETHEUS_BIN} (apt-get install prometheus)`,
}, () => {
  let prometheus: RealPrometheus;
  let backend: BackendProcess;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'promql-reference-'));
    prometheus = await startRealPrometheus({ dir: join(dir, 'prometheus'), openMetrics: DATA });
    // Ours: the same file through the import command into a data directory, then the backend
    // over it, scraping nothing.
    const file = join(dir, 'data.om');
    writeFileSync(file, DATA);
    writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
    const ours = join(dir, 'ours');
    const { stdout } = await promisify(execFile)(process.execPath, [
      MAIN,
      'import',
      '--openmetrics',
      file,
      '--data-dir',
      ours,
    ]);
    assert.match(stdout, /imported [\d,]+ samples/);
    backend = await startBackendProcess(MAIN, [
      '--data-dir',
      ours,
      '--scrape-config',
      join(dir, 'no-scrapes.yml'),
    ]);
  });
  after(async () => {
    await prometheus?.stop();
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (base: string, path: string, params: Record<string, string>) => {
    const response = await fetch(`${base}/api/v1/${path}?${new URLSearchParams(params)}`);
    const body = (await response.json()) as { status: string; data: ApiResult };
    assert.equal(body.status, 'success', `${base}: ${JSON.stringify(body)}`);
    return body.data;
  };

  for (const query of [...LAB_QUERIES, ...DASHBOARD_QUERIES, ...MIXED_QUERIES]) {
    test(`instant: ${query}`, async () => {
      let answered = 0;
      for (const at of [START + 30 * MINUTE, END - 7 * MINUTE, END]) {
        const params = { query, time: String(at / 1000) };
        const ours = await ask(backend.queryUrl, 'query', params);
        const theirs = await ask(prometheus.url, 'query', params);
        const difference = differenceOf(ours, theirs, ORDERED.has(query));
        assert.equal(difference, undefined, `at ${at}: ${difference}`);
        if (!Array.isArray(theirs.result) || theirs.result.length > 0) answered += 1;
      }
      // An empty answer on both sides proves little: the data set is made to answer these.
      if (!EMPTY.has(query)) assert.ok(answered > 0, 'no data at any time');
    });
    if (ORDERED.has(query)) continue;
    test(`range: ${query}`, async () => {
      const params = {
        query,
        start: String(START / 1000),
        end: String(END / 1000),
        step: '60',
      };
      const theirs = await ask(prometheus.url, 'query_range', params);
      const difference = differenceOf(await ask(backend.queryUrl, 'query_range', params), theirs);
      assert.equal(difference, undefined, difference);
      // As for instant queries: both answering nothing would prove little.
      const answered = !Array.isArray(theirs.result) || theirs.result.length > 0;
      if (!EMPTY.has(query)) assert.ok(answered, 'no data in the range');
    });
  }

  test("promtool's queries get the same answers from both", async () => {
    const run = promisify(execFile);
    const at = new Date(END).toISOString();
    for (const args of [
      ['query', 'instant', '--time', at],
      [
        'query',
        'range',
        '--start',
        new Date(END - 10 * MINUTE).toISOString(),
        '--end',
        at,
        '--step',
        '1m',
      ],
      ['query', 'series', '--match', 'app_active_requests'],
      ['query', 'labels'],
    ]) {
      const expr =
        args[1] === 'labels'
          ? ['route']
          : args[1] === 'series'
            ? []
            : ['sum by (route) (app_active_requests)'];
      const ask = (url: string) => run(PROMTOOL_BIN, [...args, url, ...expr]);
      const [ours, theirs] = await Promise.all([ask(backend.queryUrl), ask(prometheus.url)]);
      const lines = (out: string) => out.split('\n').sort().join('\n');
      assert.equal(lines(ours.stdout), lines(theirs.stdout), args.join(' '));
      assert.ok(theirs.stdout.trim() !== '', 'the reference answered');
    }
  });

  test('series and label values agree', async () => {
    const range = { start: String(START / 1000), end: String(END / 1000) };
    for (const [path, params] of [
      ['series', { 'match[]': 'app_request_duration_seconds_count', ...range }],
      ['labels', range],
      ['label/route/values', range],
      ['label/__name__/values', range],
    ] as const) {
      const sort = (value: unknown) =>
        JSON.stringify((value as unknown[]).map((item) => JSON.stringify(item)).sort());
      assert.equal(
        sort(await ask(backend.queryUrl, path, params)),
        sort(await ask(prometheus.url, path, params)),
        path,
      );
    }
  });
});
