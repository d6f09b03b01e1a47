/**
 * Ingest capacity of the embedded backend: OTLP/HTTP protobuf batches of 512 realistic spans
 * posted from a worker thread with a few requests in flight, against the backend as its own
 * process on loopback with a fresh data directory.
 *
 *   npm run bench:ingest -- [--spans 1000000] [--concurrency 4] [--cpu-prof .data/profiles]
 *
 * Prints progress, a table of the figures beside the targets, and last one JSON line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { getJson, routeSearches, searchesUnderLoad, tagSearches } from './ingest-searches.js';
import { now, type SenderConfig, type SenderMessage } from './ingest-sender.js';
import { formatSummary, readProfile, summariseProfile } from './profile-summary.js';
import { textTable } from './text-table.js';

const BACKEND_MAIN = join(__dirname, '..', '..', 'packages', 'backend', 'dist', 'main.js');
const BATCH_SIZE = 512;

const USAGE = `usage: npm run bench:ingest -- [options]

Measures the backend's ingest: it runs as its own process on free loopback ports with a temporary
data directory; a worker thread posts pre-encoded OTLP/HTTP protobuf batches of ${BATCH_SIZE} spans
(~5 spans per trace across 3 services, 10 attributes and 1 event per span, ~3 % errors).

Figures: spans/s acknowledged (200 only, first send to last ack); ms from an acknowledgement until
GET /api/traces/{id} finds the trace (median of the samples, probed during ingest); p95 of
GET /api/traces?service=X&limit=20&lookback=2h (random service, every third with an http.route
tag) once everything is stored; the same by a tag on enduser.id (a value a span or two holds) or
http.request.method (one of 4), keys with no column of their own; the first searches again
while a second sender posts 30,000 spans/s; bytes on disk per span once the backend has shut
down (and live, WAL included); the backend's peak RSS (VmHWM) before that load.

options:
  --spans N         spans to send, rounded up to whole batches (default 1000000)
  --concurrency N   requests in flight (default 4)
  --samples N       visibility samples (default 20)
  --searches N      measured trace searches, after 10 unmeasured (default 100)
  --seed N          data generator seed (default 1)
  --cpu-prof DIR    profile the backend's main thread (V8 sampler), write
                    DIR/backend-ingest.cpuprofile and print where the time goes
  --top N           rows per profile section (default 15)
  --keep            keep the data directory (its path is printed)
  -h, --help        this text

The last line is JSON: {"spans_per_s","visible_after_ack_ms","search_p95_ms",
"search_under_load_p95_ms","tag_search_p95_ms","bytes_per_span","rss_mb"}; bytes_per_span
after shutdown (checkpointed), rss_mb the backend's VmHWM.
`;

/** The ingest rate of the search-under-load phase. */
const LOAD_SPANS_PER_S = 30_000;

const TARGETS = {
  spans_per_s: { text: '>= 100000', ok: (v: number) => v >= 100_000 },
  visible_after_ack_ms: { text: '<= 1000', ok: (v: number) => v <= 1000 },
  search_p95_ms: { text: '<= 50 (at 1M)', ok: (v: number) => v <= 50 },
  search_under_load_p95_ms: { text: '<= 100', ok: (v: number) => v <= 100 },
  tag_search_p95_ms: { text: '<= 100', ok: (v: number) => v <= 100 },
  bytes_per_span: { text: '<= 160', ok: (v: number) => v <= 160 },
  rss_mb: { text: '<= 400', ok: (v: number) => v <= 400 },
} as const;

interface Options {
  spans: number;
  concurrency: number;
  samples: number;
  searches: number;
  seed: number;
  cpuProfDir: string | undefined;
  top: number;
  keep: boolean;
}

const OPTIONS = {
  spans: { type: 'string', default: '1000000' },
  concurrency: { type: 'string', default: '4' },
  samples: { type: 'string', default: '20' },
  searches: { type: 'string', default: '100' },
  seed: { type: 'string', default: '1' },
  'cpu-prof': { type: 'string' },
  top: { type: 'string', default: '15' },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

class UsageError extends Error {}

function readOptions(argv: string[]): Options {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const integer = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(`--${name} ${raw}: expected an integer from ${min} to ${max}`);
    }
    return value;
  };
  return {
    spans: integer('spans', values.spans, BATCH_SIZE, 20_000_000),
    concurrency: integer('concurrency', values.concurrency, 1, 64),
    samples: integer('samples', values.samples, 1, 1000),
    searches: integer('searches', values.searches, 1, 100_000),
    seed: integer('seed', values.seed, 0, 2 ** 31),
    cpuProfDir: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
    top: integer('top', values.top, 1, 200),
    keep: values.keep,
  };
}

const log = (line: string) => process.stdout.write(`${line}\n`);

const fixed = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

/** VmHWM (peak) and VmRSS of a process in MB, from /proc; undefined once it has gone. */
function memoryMb(pid: number | undefined): { peak: number; now: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) the process has used so far in ms, from /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Bytes of every file under `dir`. */
function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

interface Backend {
  child: ChildProcess;
  otlpUrl: string;
  queryUrl: string;
  output: () => string;
}

/** Children to kill however we leave: normal end, error, or Ctrl-C. */
const children = new Set<ChildProcess>();
let sender: Worker | undefined;
let lastBackend: Backend | undefined;
/** The temporary data directory, removed however we leave unless --keep. */
let scratchToRemove: string | undefined;

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the backend and the sender`);
    for (const child of children) child.kill('SIGKILL');
    void sender?.terminate();
    // The killed backend no longer holds the database; its directory goes too.
    if (scratchToRemove) rmSync(scratchToRemove, { recursive: true, force: true });
    process.exit(130);
  });
}

async function startBackend(dataDir: string, options: Options): Promise<Backend> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('OTEL_') && name !== 'NODE_OPTIONS' && name !== 'BENCH_CPU_PROFILE') {
      env[name] = value;
    }
  }
  if (options.cpuProfDir) {
    env.NODE_OPTIONS = `--require ${join(__dirname, 'cpu-profile-hook.js')}`;
    env.BENCH_CPU_PROFILE = join(options.cpuProfDir, 'backend-ingest.cpuprofile');
  }
  const child = spawn(
    process.execPath,
    [
      BACKEND_MAIN,
      '--data-dir',
      dataDir,
      '--bind',
      '127.0.0.1',
      '--otlp-http-port',
      '0',
      '--http-port',
      '0',
      '--otlp-grpc-port',
      '0',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (out.length < 1_000_000) out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (out.length < 1_000_000) out += chunk.toString();
  });
  const backend = { child, otlpUrl: '', queryUrl: '', output: () => out };
  lastBackend = backend;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the backend exited with ${child.exitCode}`);
    const otlp = /OTLP\/HTTP receiving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const query = /query API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (otlp && query) {
      const ready = await fetch(`${query}/-/ready`).catch(() => undefined);
      if (ready?.ok) return { ...backend, otlpUrl: otlp, queryUrl: query };
    }
    await sleep(50);
  }
  throw new Error('the backend did not log its ports and answer /-/ready within 30 s');
}

async function stopBackend(backend: Backend): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => {
    if (backend.child.exitCode !== null) resolve(backend.child.exitCode);
    else backend.child.once('exit', (code) => resolve(code));
  });
  backend.child.kill('SIGTERM');
  const timer = setTimeout(() => backend.child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  children.delete(backend.child);
  return code;
}

/** Polls GET /api/traces/{id} until it answers 200; ms from `ackAt`, or undefined after 30 s. */
async function visibleAfter(queryUrl: string, traceId: string, ackAt: number) {
  for (let attempt = 0; attempt < 30_000; attempt++) {
    const response = await fetch(`${queryUrl}/api/traces/${traceId}`, {
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    if (response.status === 200) return { ms: now() - ackAt, polls: attempt + 1 };
    if (response.status !== 404)
      throw new Error(`GET /api/traces/{id} answered ${response.status}`);
    if (now() - ackAt > 30_000) return undefined;
    await sleep(5);
  }
  return undefined;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const batches = Math.ceil(options.spans / BATCH_SIZE);
  const scratch = mkdtempSync(join(tmpdir(), 'otel-lab-ingest-'));
  const dataDir = join(scratch, 'data');
  if (!options.keep) scratchToRemove = scratch;
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  let backend: Backend | undefined;
  try {
    const [load1] = loadavg();
    if (load1 !== undefined && load1 > 0.5) {
      log(
        `note: load average is ${load1.toFixed(2)} before starting; other work skews the figures`,
      );
    }
    backend = await startBackend(dataDir, options);
    const pid = backend.child.pid;
    log(
      `backend pid ${pid}: OTLP/HTTP ${backend.otlpUrl}, query API ${backend.queryUrl}, data ${dataDir}`,
    );

    const config: SenderConfig = {
      otlpUrl: backend.otlpUrl,
      batches,
      batchSize: BATCH_SIZE,
      concurrency: options.concurrency,
      sampleEvery: Math.max(1, Math.floor(batches / (options.samples + 1))),
      seed: options.seed,
    };
    log(`encoding ${batches} batches of ${BATCH_SIZE} spans in the sender worker…`);
    sender = new Worker(join(__dirname, 'ingest-sender.js'), { workerData: config });
    const worker = sender;
    const probes: Promise<void>[] = [];
    const visible: number[] = [];
    const polls: number[] = [];
    let missing = 0;
    let probing = 0;
    let cpuAtStart: number | undefined;
    let lastProgress = { at: 0, spans: 0 };
    const finished = new Promise<Extract<SenderMessage, { type: 'done' }>>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the sender worker exited with ${code}`)));
      worker.on('message', (message: SenderMessage) => {
        switch (message.type) {
          case 'encoded':
            log(
              `encoded ${message.spans} spans in ${fixed(message.ms / 1000, 1)} s: ${fixed(message.bytes / message.spans)} B/span protobuf, ${fixed(message.bytes / 1e6)} MB; sending with ${options.concurrency} requests in flight`,
            );
            cpuAtStart = cpuMs(pid);
            lastProgress = { at: now(), spans: 0 };
            worker.postMessage('go');
            break;
          case 'progress': {
            const rate =
              ((message.ackedSpans - lastProgress.spans) * 1000) / (message.at - lastProgress.at);
            lastProgress = { at: message.at, spans: message.ackedSpans };
            const memory = memoryMb(pid);
            log(
              `acked ${String(message.ackedSpans).padStart(8)} spans (${fixed((100 * message.ackedBatches) / batches).padStart(3)} %)  ${fixed(rate).padStart(7)} spans/s  backend RSS ${fixed(memory?.now)} MB  visible samples ${visible.length}`,
            );
            break;
          }
          case 'ack':
            // One probe at a time keeps the probing load small and steady.
            if (probing > 0 || visible.length + missing >= options.samples) break;
            probing += 1;
            probes.push(
              visibleAfter((backend as Backend).queryUrl, message.traceId, message.at)
                .then((result) => {
                  if (result === undefined) missing += 1;
                  else {
                    visible.push(result.ms);
                    polls.push(result.polls);
                  }
                })
                .finally(() => {
                  probing -= 1;
                }),
            );
            break;
          case 'done':
            resolve(message);
            break;
          case 'error':
            reject(new Error(`sender: ${message.message}`));
            break;
        }
      });
    });
    const done = await finished;
    await Promise.all(probes);
    const cpuAtEnd = cpuMs(pid);
    const seconds = (done.endedAt - done.startedAt) / 1000;
    const spansPerS = done.ackedSpans / seconds;
    log(
      `sent: ${done.ackedSpans} spans acknowledged in ${fixed(seconds, 1)} s = ${fixed(spansPerS)} spans/s; HTTP statuses ${JSON.stringify(done.statuses)}, ${done.retries} retries, ${done.rejected} batches given up`,
    );
    await sender.terminate();
    sender = undefined;

    const status = await getJson(`${backend.queryUrl}/api/status`);
    const stored = (status.body as { stored: { spans: number }; disk: { fileBytes: number } })
      .stored.spans;
    const liveBytes = dirBytes(dataDir);
    log(`stored ${stored} spans; data directory ${fixed(liveBytes / 1e6)} MB live (WAL included)`);
    if (stored < done.ackedSpans) {
      log(`WARNING: ${done.ackedSpans - stored} acknowledged spans are not stored`);
    }

    log(`searching: 10 unmeasured, then ${options.searches} measured…`);
    const searchSamples = await routeSearches(backend.queryUrl, options.searches, options.seed);
    log(
      `searching by enduser.id and http.request.method: 10 unmeasured, then ${options.searches}…`,
    );
    const tagSamples = await tagSearches(backend.queryUrl, options.searches, options.seed);
    // The peak at the stored spans, before the load of the next phase adds to them.
    const memory = memoryMb(pid);
    log(
      `searching while ${LOAD_SPANS_PER_S} spans/s are sent: 10 unmeasured, then ${options.searches}…`,
    );
    const loaded = await searchesUnderLoad(
      backend.otlpUrl,
      backend.queryUrl,
      options.searches,
      options.seed,
      LOAD_SPANS_PER_S,
    );
    log(
      `the load reached ${fixed(loaded.spansPerSecond)} spans/s; HTTP statuses ${JSON.stringify(loaded.statuses)}`,
    );
    const storedAtEnd = (
      (await getJson(`${backend.queryUrl}/api/status`)).body as { stored: { spans: number } }
    ).stored.spans;
    const exitCode = await stopBackend(backend);
    const closedBytes = dirBytes(dataDir);
    log(
      `backend stopped (exit ${exitCode}); data directory ${fixed(closedBytes / 1e6)} MB after shutdown`,
    );

    const all = searchSamples.map((s) => s.ms);
    const tagged = searchSamples.filter((s) => s.tag !== '').map((s) => s.ms);
    const plain = searchSamples.filter((s) => s.tag === '').map((s) => s.ms);
    const byTag = (key: string) => tagSamples.filter((s) => s.tag === key).map((s) => s.ms);
    const underLoad = loaded.samples.map((s) => s.ms);
    const empty = searchSamples.filter((s) => s.traces === 0).length;
    const cpuUsPerSpan =
      cpuAtStart === undefined || cpuAtEnd === undefined
        ? undefined
        : (1000 * (cpuAtEnd - cpuAtStart)) / done.ackedSpans;
    const result = {
      spans_per_s: Math.round(spansPerS),
      visible_after_ack_ms: Number(percentile(visible, 50).toFixed(1)),
      search_p95_ms: Number(percentile(all, 95).toFixed(1)),
      search_under_load_p95_ms: Number(percentile(underLoad, 95).toFixed(1)),
      tag_search_p95_ms: Number(
        percentile(byTag('enduser.id').concat(byTag('http.request.method')), 95).toFixed(1),
      ),
      bytes_per_span: Math.round(closedBytes / storedAtEnd),
      rss_mb: Math.round(memory?.peak ?? Number.NaN),
    };
    const verdict = (key: keyof typeof TARGETS) =>
      Number.isNaN(result[key]) ? '-' : TARGETS[key].ok(result[key]) ? 'met' : 'MISSED';

    log('');
    log(
      textTable(
        ['figure', 'measured', 'target', 'verdict', 'detail'],
        [
          [
            'spans/s acknowledged',
            String(result.spans_per_s),
            TARGETS.spans_per_s.text,
            verdict('spans_per_s'),
            `${done.ackedSpans} spans in ${fixed(seconds, 1)} s; ack p50 ${fixed(done.ackP50Ms)} / p99 ${fixed(done.ackP99Ms)} ms; backend CPU ${fixed(cpuUsPerSpan, 1)} µs/span`,
          ],
          [
            'visible after ack, ms',
            fixed(result.visible_after_ack_ms, 1),
            TARGETS.visible_after_ack_ms.text,
            verdict('visible_after_ack_ms'),
            `median of ${visible.length} (max ${fixed(Math.max(...visible), 1)}), found at poll ${fixed(percentile(polls, 50))} (median) / ${fixed(Math.max(...polls))} (max)${missing ? `, ${missing} never visible` : ''}`,
          ],
          [
            'search p95, ms',
            fixed(result.search_p95_ms, 1),
            TARGETS.search_p95_ms.text,
            verdict('search_p95_ms'),
            `p50 ${fixed(percentile(all, 50), 1)}; no tag p95 ${fixed(percentile(plain, 95), 1)}; http.route tag p95 ${fixed(percentile(tagged, 95), 1)} (${searchSamples.length} searches over ${stored} spans${empty ? `, ${empty} empty` : ''})`,
          ],
          [
            'search under load p95',
            fixed(result.search_under_load_p95_ms, 1),
            TARGETS.search_under_load_p95_ms.text,
            verdict('search_under_load_p95_ms'),
            `the same searches while ${fixed(loaded.spansPerSecond)} spans/s were ingested (asked ${LOAD_SPANS_PER_S}); p50 ${fixed(percentile(underLoad, 50), 1)}`,
          ],
          [
            'tag search p95, ms',
            fixed(result.tag_search_p95_ms, 1),
            TARGETS.tag_search_p95_ms.text,
            verdict('tag_search_p95_ms'),
            `enduser.id (high cardinality) p95 ${fixed(percentile(byTag('enduser.id'), 95), 1)}; http.request.method (low) p95 ${fixed(percentile(byTag('http.request.method'), 95), 1)}${tagSamples.some((s) => s.traces === 0) ? `; ${tagSamples.filter((s) => s.traces === 0).length} found nothing` : ''}`,
          ],
          [
            'bytes on disk per span',
            String(result.bytes_per_span),
            TARGETS.bytes_per_span.text,
            verdict('bytes_per_span'),
            `after shutdown (${storedAtEnd} spans with the load's); live ${fixed(liveBytes / stored)} B/span with the WAL`,
          ],
          [
            'backend RSS, MB',
            String(result.rss_mb),
            TARGETS.rss_mb.text,
            verdict('rss_mb'),
            `peak (VmHWM); ${fixed(memory?.now)} MB at the end (VmRSS)`,
          ],
        ],
        [0, -1],
      ).replace(/^(.*)$/gm, (line) => line.trimEnd()),
    );
    if (stored < 1_000_000) {
      log(`(the search target is for 1M spans; this run stored ${stored})`);
    }

    if (options.cpuProfDir) {
      const file = join(options.cpuProfDir, 'backend-ingest.cpuprofile');
      log('');
      log(
        formatSummary(
          `${file} (backend main thread, whole run)`,
          summariseProfile(readProfile(file), options.top),
        ),
      );
    }
    log('');
    log(JSON.stringify(result));
  } finally {
    await sender?.terminate();
    if (backend && children.has(backend.child)) await stopBackend(backend);
    if (options.keep) log(`data kept in ${dataDir}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(
    `bench:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  const output = lastBackend?.output().trim();
  if (output) process.stderr.write(`backend output:\n${output.slice(-4000)}\n`);
  process.exit(1);
});
