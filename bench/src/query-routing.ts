/**
 * What the query port's routing costs a query, end to end: a Prometheus instant query, a Jaeger
 * trace fetch, and the cheapest route (build info, where routing weighs most), each sent one
 * after another on a keep-alive connection to a backend process, timed per request, with the
 * backend's CPU time per request. With --before, a second backend (another build's main.js, such
 * as main's before the route table) gets the same data and the same requests, the two taking
 * turns in small blocks (ABBA), so both meet the same machine.
 *
 *   npm run bench:query-routing -- [--before OTHER/main.js] [--rounds 6] [--requests 400]
 *
 * Prints a table, and last one JSON line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';
import { BACKEND_MAIN } from './backfill.js';
import { textTable } from './text-table.js';

const USAGE = `usage: npm run bench:query-routing -- [options]

Loads 50 series of 41 samples and one trace of 50 spans into a backend process (two with
--before), then times Prometheus's build info, a Prometheus instant query and a Jaeger trace
fetch, sent one after another.

options:
  --before FILE   a second backend's main.js to compare with (another build, e.g. main's)
  --after-first   start this checkout's backend first (the process started second measured
                  8-9 % more CPU on the Prometheus paths with the same build on both sides)
  --rounds N      rounds (default 6), each 8 blocks per backend, the backends taking turns (ABBA)
  --requests N    requests per query per backend per round (default 400)
  -h, --help      this text

The last line is JSON: per backend ("after" is this checkout's) and query, the median latency
(us), p95 (us) and the backend's CPU per request (us), over all its requests.
`;

const OPTIONS = {
  before: { type: 'string' },
  'after-first': { type: 'boolean', default: false },
  rounds: { type: 'string', default: '6' },
  requests: { type: 'string', default: '400' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const log = (line: string) => process.stdout.write(`${line}\n`);
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const END_S = Math.floor(Date.now() / 1000 / 15) * 15 - 60;

/** 10 services × 5 routes, a sample every 15 s for 10 minutes, as OpenMetrics text. */
function series(): string {
  const lines = ['# TYPE bench_requests counter'];
  for (let t = END_S - 600; t <= END_S; t += 15) {
    for (let s = 0; s < 10; s++) {
      for (let r = 0; r < 5; r++) {
        lines.push(
          `bench_requests_total{service="svc${s}",route="/r${r}"} ${t - END_S + 600} ${t}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** One trace of 50 spans (OTLP/JSON): a root and 49 children. */
function trace(): string {
  const nowNs = BigInt(END_S) * 1_000_000_000n;
  const spans = Array.from({ length: 50 }, (_, i) => ({
    traceId: TRACE_ID,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i === 0 ? '' : '0000000000000001',
    name: `op${i % 7}`,
    kind: 2,
    startTimeUnixNano: String(nowNs + BigInt(i) * 1_000_000n),
    endTimeUnixNano: String(nowNs + BigInt(i) * 1_000_000n + 500_000n),
    attributes: [{ key: 'http.route', value: { stringValue: `/r${i % 5}` } }],
  }));
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc0' } }] };
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] });
}

function send(
  url: string,
  options: { method?: string; body?: string; type?: string; agent?: Agent },
) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const headers = options.type ? { 'content-type': options.type } : {};
    const req = request(
      url,
      { method: options.method ?? 'GET', headers, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The backend's CPU time so far (user + system, µs), from /proc. */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? 0;

async function load(backend: BackendProcess): Promise<void> {
  const imported = await send(`${backend.queryUrl}/api/import/openmetrics`, {
    method: 'POST',
    body: series(),
    type: 'application/openmetrics-text',
  });
  if (imported.status !== 200) throw new Error(`import: ${imported.status} ${imported.text}`);
  const posted = await send(`${backend.otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    body: trace(),
    type: 'application/json',
  });
  if (posted.status !== 200) throw new Error(`traces: ${posted.status} ${posted.text}`);
  for (let tries = 0; tries < 100; tries++) {
    if ((await send(`${backend.queryUrl}/api/traces/${TRACE_ID}`, {})).status === 200) return;
    await sleep(100);
  }
  throw new Error('the trace was not stored within 10 s');
}

const QUERIES: [string, string][] = [
  // The cheapest route: what HTTP and routing cost, nearly alone.
  ['prometheus buildinfo', '/api/v1/status/buildinfo'],
  [
    'prometheus instant query',
    `/api/v1/query?${new URLSearchParams({ query: 'sum by (service) (rate(bench_requests_total[5m]))', time: String(END_S) })}`,
  ],
  ['jaeger trace fetch', `/api/traces/${TRACE_ID}`],
];

/** What one backend gave one query: every latency (µs), and CPU µs over how many requests. */
interface Tally {
  latencies: number[];
  cpuUs: number;
  requests: number;
}

const tally = (): Tally => ({ latencies: [], cpuUs: 0, requests: 0 });

/** `requests` requests of `path`, one after another on `agent`, counted into `into`. */
async function block(
  backend: BackendProcess,
  agent: Agent,
  path: string,
  requests: number,
  into: Tally,
): Promise<void> {
  const pid = backend.child.pid as number;
  const cpuBefore = cpuUs(pid);
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    const answer = await send(`${backend.queryUrl}${path}`, { agent });
    into.latencies.push((performance.now() - start) * 1000);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text}`);
  }
  into.cpuUs += cpuUs(pid) - cpuBefore;
  into.requests += requests;
}

/** Each query on each backend: 20 unmeasured, then small blocks, the backends taking turns. */
async function measure(backends: [string, BackendProcess][], rounds: number, requests: number) {
  const agents = backends.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const rows: string[][] = [];
  const figures: Record<string, Record<string, number>> = {};
  for (const [query, path] of QUERIES) {
    const tallies = backends.map(tally);
    for (const [at, [, backend]] of backends.entries()) {
      await block(backend, agents[at] as Agent, path, 20, tally());
    }
    // 8 blocks a round, in ABBA order, so both backends meet the same moments of the machine.
    for (let b = 0; b < rounds * 8; b++) {
      const order = [...backends.keys()];
      if (b % 2 === 1) order.reverse();
      for (const at of order) {
        const [, backend] = backends[at] as [string, BackendProcess];
        await block(
          backend,
          agents[at] as Agent,
          path,
          Math.ceil(requests / 8),
          tallies[at] as Tally,
        );
      }
    }
    for (const [at, [name]] of backends.entries()) {
      const { latencies, cpuUs: cpu, requests: count } = tallies[at] as Tally;
      const figure = {
        median_us: Math.round(median(latencies)),
        p95_us: Math.round(p95(latencies)),
        cpu_us_per_request: Math.round(cpu / count),
      };
      figures[`${name} ${query}`.replaceAll(' ', '_')] = figure;
      rows.push([name, query, ...Object.values(figure).map(String)]);
    }
    log(`${query}: done`);
  }
  for (const agent of agents) agent.destroy();
  return { rows, figures };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: OPTIONS });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const rounds = Number(values.rounds);
  const requests = Number(values.requests);
  if (!(rounds >= 1 && requests >= 10)) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  log(`load average ${loadavg()[0]?.toFixed(2)} before starting; other work skews the figures`);
  const dir = mkdtempSync(join(tmpdir(), 'otel-lab-query-routing-'));
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  const mains: [string, string][] = [['after', BACKEND_MAIN]];
  if (values.before) {
    if (values['after-first']) mains.push(['before', values.before]);
    else mains.unshift(['before', values.before]);
  }
  const backends: [string, BackendProcess][] = [];
  try {
    for (const [name, main] of mains) {
      log(`${name}: ${main}`);
      const args = ['--data-dir', join(dir, name), '--scrape-config', join(dir, 'no-scrapes.yml')];
      const backend = await startBackendProcess(main, args);
      backends.push([name, backend]);
      await load(backend);
    }
    const { rows, figures } = await measure(backends, rounds, requests);
    log('');
    log(textTable(['backend', 'query', 'median µs', 'p95 µs', 'CPU µs/req'], rows, [0, 1]));
    log('');
    log(JSON.stringify(figures));
  } finally {
    for (const [, backend] of backends) await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:query-routing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
