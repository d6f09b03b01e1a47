/**
 * What large trace answers cost the backend: Jaeger v1 search and trace fetch, api_v3 search and
 * the range export over traces of many spans (80 of 10,000 by default), each measured alone for
 * its time, its size, the backend's peak RSS while it runs and the worst OTLP acknowledgement
 * meanwhile (an empty OTLP/JSON export posted every 50 ms: the event loop's stall, as a client
 * sees it). The backend runs as its own process on loopback.
 *
 *   npm run bench:trace-answers -- [--traces 80] [--spans 10000] [--backend FILE]
 *
 * Prints a table, and last one JSON line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startBackendProcess } from '@otel-lab/testkit';
import { BACKEND_MAIN } from './backfill.js';
import { textTable } from './text-table.js';

const USAGE = `usage: npm run bench:trace-answers -- [options]

Loads TRACES traces of SPANS spans each (service "big") into a backend process, then runs each
trace answer alone and measures its time, its bytes, the peak RSS of the backend while it ran and
the worst latency of an empty OTLP/HTTP export posted every 50 ms meanwhile.

options:
  --traces N     traces to load, a multiple of 4 (default 80)
  --spans N      spans per trace, at most 12,500 (default 10000)
  --backend FILE the backend's main.js to measure (default this checkout's; another build, to
                 compare before and after a change)
  --keep         keep the temporary directory (its path is printed)
  -h, --help     this text

The last line is JSON: per answer (search80, search10, trace, v3search, export) its ms, bytes,
peak_rss_mb and worst_ack_ms, and idle_worst_ack_ms.
`;

const OPTIONS = {
  traces: { type: 'string', default: '80' },
  spans: { type: 'string', default: '10000' },
  backend: { type: 'string', default: BACKEND_MAIN },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const log = (line: string) => process.stdout.write(`${line}\n`);
const hex = (n: number | bigint, digits: number) => n.toString(16).padStart(digits, '0');
const FIRST_TRACE = 100_000;

/** One OTLP/JSON request of traces [first, first + 4), `spans` each, all starting now-ish. */
function batch(first: number, spans: number, nowNs: bigint): string {
  const list = [];
  for (let t = first; t < first + 4; t++) {
    for (let s = 0; s < spans; s++) {
      const start = nowNs - BigInt(s) * 1000n;
      list.push({
        traceId: hex(t, 32),
        spanId: hex(t * 100_000 + s + 1, 16),
        parentSpanId: s > 0 ? hex(t * 100_000 + 1, 16) : '',
        name: `op${s % 20}`,
        kind: 2,
        startTimeUnixNano: String(start),
        endTimeUnixNano: String(start + 5_000_000n),
        attributes: [
          { key: 'http.route', value: { stringValue: `/x/${s}` } },
          { key: 'k', value: { intValue: String(s) } },
        ],
      });
    }
  }
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'big' } }] };
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans: list }] }] });
}

/** Posts `body`; resolves with the status once the answer is read. */
function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/traces`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Runs `work` while acknowledgements and RSS are sampled; their worst, and the work's time. */
async function watched<T>(otlpUrl: string, pid: number, work: () => Promise<T>) {
  let done = false;
  let worstAck = 0;
  let peakRss = rssMb(pid);
  const acks = (async () => {
    while (!done) {
      const start = performance.now();
      await post(otlpUrl, '{"resourceSpans":[]}');
      worstAck = Math.max(worstAck, performance.now() - start);
      await sleep(50);
    }
  })();
  const rss = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(pid));
  }, 50);
  const start = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - start, worstAck, peakRss };
  } finally {
    done = true;
    clearInterval(rss);
    await acks;
  }
}

/** GETs `url` reading the body as it comes without keeping it; its status and byte count. */
function download(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: OPTIONS });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const traces = Number(values.traces);
  const spans = Number(values.spans);
  if (!(traces >= 4 && traces % 4 === 0 && spans >= 1 && spans <= 12_500)) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'otel-lab-trace-answers-'));
  log(`load average ${loadavg()[0]?.toFixed(2)} before starting; other work skews the figures`);
  log(`backend: ${values.backend}`);
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  const backend = await startBackendProcess(values.backend, [
    '--data-dir',
    join(dir, 'data'),
    '--scrape-config',
    join(dir, 'no-scrapes.yml'),
  ]);
  const pid = backend.child.pid as number;
  try {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    log(`loading ${traces} traces of ${spans} spans…`);
    for (let first = FIRST_TRACE; first < FIRST_TRACE + traces; first += 4) {
      const body = batch(first, spans, nowNs);
      while ((await post(backend.otlpHttpUrl, body)) !== 200) await sleep(1000);
    }
    const idle = await watched(backend.otlpHttpUrl, pid, () => sleep(3000));
    const q = backend.queryUrl;
    const startUs = (nowNs - 86_400_000_000_000n) / 1000n;
    const v3 = new URLSearchParams({
      'query.service_name': 'big',
      'query.start_time_min': new Date(Number(startUs / 1000n)).toISOString(),
      'query.start_time_max': new Date(Date.now() + 60_000).toISOString(),
      'query.search_depth': String(traces),
    });
    const answers: [string, string][] = [
      ['search80', `${q}/api/traces?service=big&limit=${traces}&lookback=1d`],
      ['search10', `${q}/api/traces?service=big&limit=10&lookback=1d`],
      ['trace', `${q}/api/traces/${hex(FIRST_TRACE, 32)}`],
      ['v3search', `${q}/api/v3/traces?${v3}`],
      ['export', `${q}/api/export?start=${Date.now() - 7_200_000}`],
    ];
    const figures: Record<string, number | Record<string, number>> = {};
    const rows: string[][] = [];
    for (const [name, url] of answers) {
      const run = await watched(backend.otlpHttpUrl, pid, () => download(url));
      const figure = {
        status: run.result.status,
        ms: Math.round(run.ms),
        bytes: run.result.bytes,
        peak_rss_mb: Math.round(run.peakRss),
        worst_ack_ms: Math.round(run.worstAck),
      };
      figures[name] = figure;
      rows.push([name, ...Object.values(figure).map(String), url.slice(q.length, q.length + 60)]);
      log(`${name}: ${JSON.stringify(figure)}`);
    }
    figures.idle_worst_ack_ms = Math.round(idle.worstAck);
    log('');
    log(
      textTable(
        ['answer', 'status', 'ms', 'bytes', 'peak RSS MB', 'worst ack ms', 'request'],
        rows,
        [0, -1],
      ),
    );
    log(`idle (3 s, no query): worst ack ${Math.round(idle.worstAck)} ms`);
    log('');
    log(JSON.stringify(figures));
  } finally {
    await backend.stop();
    if (values.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:trace-answers failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
