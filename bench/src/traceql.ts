/**
 * TraceQL on the embedded backend: bench:ingest's generated traces into a fresh backend process,
 * then TraceQL searches and a TraceQL metrics query through its Tempo API, each query timed
 * several times once everything is stored.
 *
 *   npm run bench:traceql -- [--spans 1000000] [--runs 20]
 *
 * Prints progress, a table of the figures beside the targets, and last one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BackendProcess,
  processCpuMs,
  startBackendProcess,
  stopBackendProcess,
} from './backend-process.js';
import { percentile } from './percentile.js';
import { sendGeneratedSpans } from './send-spans.js';
import { textTable } from './text-table.js';
import {
  BATCH_SIZE,
  readTraceqlOptions,
  type TraceqlBenchOptions,
  USAGE,
  UsageError,
} from './traceql-options.js';
import {
  type BenchQuery,
  type FigureKey,
  QUERIES,
  queryPath,
  readAnswer,
} from './traceql-queries.js';

const WARMUP_RUNS = 3;
/** Start times end this long before encoding began, so ingest has time before the 2 h window moves past them. */
const WINDOW_MS = 110 * 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const fixed = (value: number, digits = 0) => (Number.isNaN(value) ? '-' : value.toFixed(digits));
const loads = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

/** Waits until /api/status counts every acknowledged span as stored (at most 60 s). */
async function waitStored(queryUrl: string, acked: number): Promise<number> {
  let stored = 0;
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await fetch(`${queryUrl}/api/status`, { signal: AbortSignal.timeout(10_000) });
    stored = ((await response.json()) as { stored: { spans: number } }).stored.spans;
    if (stored >= acked) return stored;
    await sleep(100);
  }
  throw new Error(`only ${stored} of ${acked} acknowledged spans stored after 60 s`);
}

interface Timing {
  query: BenchQuery;
  ms: number[];
  summary: string;
  /** The backend's CPU per measured query: what a query costs, whatever else the machine runs. */
  cpuMs: number;
}

/** WARMUP_RUNS unmeasured, then `runs` measured requests of one query; any bad answer throws. */
async function timeQuery(backend: BackendProcess, query: BenchQuery, runs: number) {
  const ms: number[] = [];
  let summary = '';
  let cpuAtStart = Number.NaN;
  for (let i = 0; i < WARMUP_RUNS + runs; i++) {
    if (i === WARMUP_RUNS) cpuAtStart = processCpuMs(backend.child.pid);
    const path = queryPath(query, Math.ceil(Date.now() / 1000));
    const began = performance.now();
    const response = await fetch(`${backend.queryUrl}${path}`, {
      signal: AbortSignal.timeout(60_000),
    });
    const body = await response.text();
    const elapsed = performance.now() - began;
    summary = readAnswer(query, response.status, body).text;
    if (i >= WARMUP_RUNS) ms.push(elapsed);
  }
  const cpuMs = (processCpuMs(backend.child.pid) - cpuAtStart) / runs;
  return { query, ms, summary, cpuMs } satisfies Timing;
}

async function fill(backend: BackendProcess, options: TraceqlBenchOptions): Promise<number> {
  const batches = Math.ceil(options.spans / BATCH_SIZE);
  log(`encoding ${batches} batches of ${BATCH_SIZE} spans in the sender worker…`);
  let last = { at: 0, spans: 0 };
  const done = await sendGeneratedSpans(
    {
      otlpUrl: backend.otlpUrl,
      batches,
      batchSize: BATCH_SIZE,
      concurrency: options.concurrency,
      seed: options.seed,
      windowMs: WINDOW_MS,
    },
    (message) => {
      if (message.type === 'encoded') {
        log(
          `encoded ${message.spans} spans in ${fixed(message.ms / 1000, 1)} s; sending with ${options.concurrency} requests in flight`,
        );
        last = { at: performance.timeOrigin + performance.now(), spans: 0 };
        return;
      }
      const rate = ((message.ackedSpans - last.spans) * 1000) / (message.at - last.at);
      last = { at: message.at, spans: message.ackedSpans };
      log(
        `acked ${String(message.ackedSpans).padStart(8)} spans (${fixed((100 * message.ackedBatches) / batches).padStart(3)} %)  ${fixed(rate).padStart(7)} spans/s`,
      );
    },
  );
  const seconds = (done.endedAt - done.startedAt) / 1000;
  log(
    `sent: ${done.ackedSpans} spans acknowledged in ${fixed(seconds, 1)} s; HTTP statuses ${JSON.stringify(done.statuses)}, ${done.retries} retries`,
  );
  if (done.rejected > 0) throw new Error(`${done.rejected} batches were not acknowledged`);
  return done.ackedSpans;
}

async function main(options: TraceqlBenchOptions): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'otel-lab-traceql-'));
  let backend: BackendProcess | undefined;
  const loadAtStart = loads();
  try {
    log(`load average ${loadAtStart} on ${cpus().length} CPUs before starting`);
    backend = await startBackendProcess(join(scratch, 'data'));
    log(
      `backend pid ${backend.child.pid}: OTLP/HTTP ${backend.otlpUrl}, query API ${backend.queryUrl}`,
    );
    const acked = await fill(backend, options);
    const stored = await waitStored(backend.queryUrl, acked);
    log(`stored ${stored} spans`);

    const timings: Timing[] = [];
    for (const query of QUERIES) {
      log(`${query.title}: ${WARMUP_RUNS} unmeasured, then ${options.runs} measured…  ${query.q}`);
      const timing = await timeQuery(backend, query, options.runs);
      log(
        `  p50 ${fixed(percentile(timing.ms, 50), 1)} ms, p95 ${fixed(percentile(timing.ms, 95), 1)} ms, backend CPU ${fixed(timing.cpuMs, 1)} ms/query; ${timing.summary}`,
      );
      timings.push(timing);
    }
    await stopBackendProcess(backend);
    backend = undefined;

    const result = Object.fromEntries(
      timings.map((t) => [t.query.figure, Number(percentile(t.ms, 95).toFixed(1))]),
    ) as Record<FigureKey, number>;
    log('');
    log(
      textTable(
        ['figure', 'p95 ms', 'target', 'verdict', 'p50 ms', 'CPU ms', 'answer', 'query'],
        timings.map(({ query, ms, summary, cpuMs }) => [
          query.title,
          String(result[query.figure]),
          query.target.text,
          result[query.figure] <= query.target.ms ? 'met' : 'MISSED',
          fixed(percentile(ms, 50), 1),
          fixed(cpuMs, 1),
          summary,
          query.q,
        ]),
        [0, 6, 7],
      ).replace(/^(.*)$/gm, (line) => line.trimEnd()),
    );
    log(
      `${stored} spans stored; ${options.runs} measured runs a query; CPU ms: the backend's per measured query; load average ${loads()} at the end (${loadAtStart} at the start)`,
    );
    log('');
    log(JSON.stringify(result));
  } catch (error) {
    const output = backend?.output().trim();
    if (output) process.stderr.write(`backend output:\n${output.slice(-4000)}\n`);
    throw error;
  } finally {
    if (backend) await stopBackendProcess(backend);
    rmSync(scratch, { recursive: true, force: true });
  }
}

let options: TraceqlBenchOptions | 'help';
try {
  options = readTraceqlOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options === 'help') process.stdout.write(USAGE);
else {
  main(options).catch((error: unknown) => {
    process.stderr.write(
      `bench:traceql failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
