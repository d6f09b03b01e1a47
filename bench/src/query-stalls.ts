/**
 * Whether hostile query requests stall the backend (issue 12, review findings 4 and 5): the worst
 * OTLP acknowledgement delay while one series or labels request with thousands of match[] runs,
 * and how long after 34 abandoned heavy range queries a trivial query answers again. The
 * backend runs as its own process on loopback with 6 h of 2,000 series imported.
 *
 *   npm run bench:stalls -- [--backend /elsewhere/packages/backend/dist/main.js]
 *
 * Prints a table and last one JSON line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startBackendProcess } from '@otel-lab/testkit';
import { BACKEND_MAIN, importOpenMetrics } from './backfill.js';
import { textTable } from './text-table.js';

const SERIES = 2000;
const HOURS = 6;
const STEP_S = 30;

/** load_total{series="sN"}, a counter every STEP_S seconds, ending now. */
function dataset(endS: number): string {
  const lines = ['# TYPE load counter'];
  for (let t = endS - HOURS * 3600; t <= endS; t += STEP_S) {
    for (let i = 0; i < SERIES; i++) lines.push(`load_total{series="s${i}",job="load"} ${t} ${t}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

interface Answer {
  status: number | 'aborted';
  ms: number;
}

/** One request on its own connection; `abortMs` destroys it that long after it was sent. */
function send(url: string, method: string, body?: string, abortMs?: number): Promise<Answer> {
  const began = performance.now();
  const headers: Record<string, string> = body
    ? { 'content-type': 'application/x-www-form-urlencoded' }
    : {};
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - began }));
    });
    req.on('error', () => resolve({ status: 'aborted', ms: performance.now() - began }));
    if (abortMs !== undefined) setTimeout(() => req.destroy(), abortMs);
    req.end(body);
  });
}

/** The worst OTLP acknowledgement delay (ms) while `work` runs: an empty batch every 50 ms. */
async function worstAck(otlpUrl: string, work: () => Promise<Answer>): Promise<[Answer, number]> {
  let done = false;
  let worst = 0;
  const poll = (async () => {
    while (!done) {
      const began = performance.now();
      await new Promise<void>((resolve) => {
        const req = request(`${otlpUrl}/v1/traces`, {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json' },
        });
        req.on('response', (res) => res.resume().on('end', resolve));
        req.on('error', () => resolve());
        req.end('{"resourceSpans":[]}');
      });
      worst = Math.max(worst, performance.now() - began);
      await sleep(50);
    }
  })();
  const answer = await work();
  done = true;
  await poll;
  return [answer, worst];
}

const matches = (n: number) =>
  Array.from({ length: n }, (_, i) => `match[]=${encodeURIComponent(`{series=~"s${i}.*"}`)}`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { backend: { type: 'string', default: BACKEND_MAIN } } });
  const backendMain = values.backend;
  const dir = mkdtempSync(join(tmpdir(), 'bench-stalls-'));
  console.log(`load average ${loadavg()[0]?.toFixed(2)}; backend ${backendMain}`);
  const endS = Math.floor(Date.now() / 1000);
  writeFileSync(join(dir, 'data.om'), dataset(endS));
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  console.log(`importing ${SERIES} series × ${(HOURS * 3600) / STEP_S} points…`);
  await importOpenMetrics(join(dir, 'data.om'), join(dir, 'data'), backendMain);
  const backend = await startBackendProcess(backendMain, [
    '--data-dir',
    join(dir, 'data'),
    '--scrape-config',
    join(dir, 'no-scrapes.yml'),
  ]);
  const q = backend.queryUrl;
  const range = `start=${endS - 86_400}&end=${endS}&`;
  const rows: { name: string; answer: Answer; worstAckMs: number }[] = [];
  try {
    const cases: [string, string, string][] = [
      ['series, 20,000 match[]', '/api/v1/series', matches(20_000).join('&')],
      ['labels, 20,000 match[]', '/api/v1/labels', matches(20_000).join('&')],
      ['series, 100,000 match[] (3.9 MB)', '/api/v1/series', matches(100_000).join('&')],
      ['series, 3,000 match[], start/end', '/api/v1/series', range + matches(3000).join('&')],
      ['series, 1,000 match[]', '/api/v1/series', matches(1000).join('&')],
      ['series, 1,000 match[], start/end', '/api/v1/series', range + matches(1000).join('&')],
      ['labels, 1,000 match[]', '/api/v1/labels', matches(1000).join('&')],
    ];
    for (const [name, path, body] of cases) {
      const [answer, worstAckMs] = await worstAck(backend.otlpHttpUrl, () =>
        send(`${q}${path}`, 'POST', body),
      );
      rows.push({ name, answer, worstAckMs });
    }
    // Finding 5: 34 heavy range queries, each abandoned after 100 ms, then query=1 until a 200.
    const heavy = new URLSearchParams({
      query: 'sum by (series) (rate(load_total[5m]))',
      start: String(endS - HOURS * 3600),
      end: String(endS),
      step: '15',
    });
    await Promise.all(
      Array.from({ length: 34 }, () => send(`${q}/api/v1/query_range?${heavy}`, 'GET', '', 100)),
    );
    const began = performance.now();
    let cheap = await send(`${q}/api/v1/query?query=1`, 'GET');
    for (let i = 0; i < 600 && cheap.status !== 200; i++) {
      await sleep(100);
      cheap = await send(`${q}/api/v1/query?query=1`, 'GET');
    }
    rows.push({
      name: 'query=1 after 34 abandoned range queries',
      answer: { status: cheap.status, ms: performance.now() - began },
      worstAckMs: Number.NaN,
    });
  } finally {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const table = rows.map(({ name, answer, worstAckMs }) => [
    name,
    String(answer.status),
    answer.ms.toFixed(0),
    Number.isNaN(worstAckMs) ? '' : worstAckMs.toFixed(0),
  ]);
  console.log(textTable(['request', 'status', 'took ms', 'worst OTLP ack ms'], table, [0]));
  const ack = (i: number) => Math.round(rows[i]?.worstAckMs ?? Number.NaN);
  console.log(
    JSON.stringify({
      ack_ms_series_20k: ack(0),
      ack_ms_labels_20k: ack(1),
      ack_ms_series_100k: ack(2),
      ack_ms_series_3k_range: ack(3),
      ack_ms_series_1k: ack(4),
      ack_ms_series_1k_range: ack(5),
      ms_series_1k_range: Math.round(rows[5]?.answer.ms ?? Number.NaN),
      ms_query_after_aborts: Math.round(rows[7]?.answer.ms ?? Number.NaN),
    }),
  );
}

void main();
