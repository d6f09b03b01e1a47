/**
 * Whether queries starve ingest: the latency of OTLP acknowledgements while a heavy PromQL range
 * query repeats back to back, against the same with no queries. The backend runs as its own
 * process on loopback with 6 h of ~1,000 series imported; bench:ingest's sender (a worker thread
 * of this process) posts span batches at a steady rate throughout, and the run alternates idle
 * and loaded phases, because this 2-core machine is shared and its noise drifts.
 *
 *   npm run bench:isolation -- [--rate 20000] [--phase 15] [--rounds 3]
 *
 * Prints a table per phase and a summary, and last one JSON line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { openMetricsDataset, startBackendProcess } from '@otel-lab/testkit';
import { BACKEND_MAIN, importOpenMetrics } from './backfill.js';
import { now, type SenderConfig, type SenderMessage } from './ingest-sender.js';
import { textTable } from './text-table.js';

const BATCH_SIZE = 512;
const MINUTE = 60_000;
const DEFAULT_QUERY = 'sum by (route) (rate({__name__=~"app_.+"}[5m]))';

const USAGE = `usage: npm run bench:isolation -- [options]

Measures whether PromQL queries starve OTLP ingest. The backend runs as its own process on free
loopback ports, with 6 h of ~1,000 series imported (the data set of bench:promql). bench:ingest's
sender posts OTLP/HTTP protobuf batches of ${BATCH_SIZE} spans at a steady rate from a worker
thread; each acknowledgement's latency is counted from when its batch was due. Phases alternate:
idle (ingest only) and loaded (ingest while the range query runs back to back over the whole
data set); a loaded phase ends when its last query has answered.

Figures: the p99 acknowledgement latency of each phase; ack_p99_ms_idle and
ack_p99_ms_with_queries are the medians of the phases' p99s. Target: with queries at most
2 × idle and never over 500 ms.

options:
  --rate N          spans per second (default 20000)
  --phase N         seconds per phase (default 15)
  --rounds N        idle + loaded pairs (default 3)
  --warmup N        seconds of ingest before the first phase (default 5)
  --query TEXT      the range query (default ${DEFAULT_QUERY})
  --step N          its step in seconds (default 15)
  --routes N        routes in the data set; 15 series each (default 67, ~1,000 series)
  --hours N         hours of data, and the query's range (default 6)
  --concurrency N   requests the sender may have in flight (default 16)
  --backend FILE    the backend's main.js to measure (default this checkout's; another build
                    of the backend, to compare before and after a change)
  --keep            keep the temporary directory (its path is printed)
  -h, --help        this text

The last line is JSON: {"ack_p99_ms_idle","ack_p99_ms_with_queries","ratio",
"ack_p50_ms_idle","ack_p50_ms_with_queries","query_ms","queries","spans_per_s"}.
`;

const OPTIONS = {
  rate: { type: 'string', default: '20000' },
  phase: { type: 'string', default: '15' },
  rounds: { type: 'string', default: '3' },
  warmup: { type: 'string', default: '5' },
  query: { type: 'string', default: DEFAULT_QUERY },
  step: { type: 'string', default: '15' },
  routes: { type: 'string', default: '67' },
  hours: { type: 'string', default: '6' },
  concurrency: { type: 'string', default: '16' },
  backend: { type: 'string', default: BACKEND_MAIN },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

class UsageError extends Error {}

const log = (line: string) => process.stdout.write(`${line}\n`);

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} ${raw}: expected an integer from ${min} to ${max}`);
  }
  return value;
}

function readOptions(argv: string[]) {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];
  try {
    values = parseArgs({ args: argv, options: OPTIONS }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  return {
    rate: integer('rate', values.rate, 1000, 1_000_000),
    phaseMs: integer('phase', values.phase, 1, 3600) * 1000,
    rounds: integer('rounds', values.rounds, 1, 100),
    warmupMs: integer('warmup', values.warmup, 0, 600) * 1000,
    query: values.query,
    stepS: integer('step', values.step, 1, 86_400),
    routes: integer('routes', values.routes, 1, 10_000),
    hours: integer('hours', values.hours, 1, 48),
    concurrency: integer('concurrency', values.concurrency, 1, 256),
    backend: values.backend,
    keep: values.keep,
  };
}

const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const median = (values: readonly number[]) => percentile(values, 50);
const fixed = (value: number, digits = 0) => (Number.isNaN(value) ? '-' : value.toFixed(digits));

interface Phase {
  kind: 'idle' | 'loaded';
  start: number;
  end: number;
  /** Latencies of the queries run in it (loaded phases). */
  queries: number[];
}

/** One query: its latency, after checking that it answered with data. */
async function timedQuery(url: string): Promise<number> {
  const start = now();
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  const ms = now() - start;
  if (response.status !== 200) {
    throw new Error(`the query answered ${response.status}: ${Buffer.from(body).toString()}`);
  }
  return ms;
}

async function runPhase(kind: Phase['kind'], ms: number, queryUrl: string): Promise<Phase> {
  const start = now();
  const queries: number[] = [];
  if (kind === 'idle') await sleep(ms);
  else while (now() < start + ms) queries.push(await timedQuery(queryUrl));
  return { kind, start, end: now(), queries };
}

interface SenderHandle {
  worker: Worker;
  done: Promise<Extract<SenderMessage, { type: 'done' }>>;
}

/** Starts the paced sender once it has encoded its batches. */
async function startSender(config: SenderConfig): Promise<SenderHandle> {
  const worker = new Worker(join(__dirname, 'ingest-sender.js'), { workerData: config });
  let encoded: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    encoded = resolve;
  });
  const done = new Promise<Extract<SenderMessage, { type: 'done' }>>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the sender worker exited with ${code}`)));
    worker.on('message', (message: SenderMessage) => {
      if (message.type === 'encoded') encoded();
      else if (message.type === 'done') resolve(message);
      else if (message.type === 'error') reject(new Error(`sender: ${message.message}`));
    });
  });
  // Settled on purpose when the run ends early and the worker is terminated.
  done.catch(() => undefined);
  await Promise.race([ready, done]);
  worker.postMessage('go');
  return { worker, done };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'otel-lab-isolation-'));
  const [load1] = loadavg();
  log(
    `load average ${fixed(load1 ?? Number.NaN, 2)} before starting; other work skews the figures`,
  );
  log(`backend: ${options.backend}`);
  const end = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
  const start = end - options.hours * 60 * MINUTE;
  log(`generating ${options.routes * 15} series × ${options.hours * 240} points…`);
  const file = join(dir, 'data.om');
  writeFileSync(
    file,
    openMetricsDataset({
      startMs: start + 7_500,
      points: options.hours * 240,
      stepMs: 15_000,
      routes: options.routes,
    }),
  );
  writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
  log('importing into the backend…');
  await importOpenMetrics(file, join(dir, 'data'), options.backend);
  const backend = await startBackendProcess(options.backend, [
    '--data-dir',
    join(dir, 'data'),
    '--scrape-config',
    join(dir, 'no-scrapes.yml'),
  ]);
  let sender: SenderHandle | undefined;
  try {
    const params = new URLSearchParams({
      query: options.query,
      start: String(start / 1000),
      end: String(end / 1000),
      step: String(options.stepS),
    });
    const queryUrl = `${backend.queryUrl}/api/v1/query_range?${params}`;
    const first = await timedQuery(queryUrl);
    log(`the query answers in ${fixed(first)} ms alone (first run): ${options.query}`);

    const totalMs = options.warmupMs + 2 * options.rounds * options.phaseMs;
    sender = await startSender({
      otlpUrl: backend.otlpHttpUrl,
      // Far more than the phases need: the sender is stopped when they end.
      batches: Math.ceil(((options.rate / BATCH_SIZE) * 4 * totalMs) / 1000) + 1000,
      batchSize: BATCH_SIZE,
      concurrency: options.concurrency,
      sampleEvery: Number.MAX_SAFE_INTEGER,
      seed: 1,
      spansPerSecond: options.rate,
      distinctBatches: 128,
      reportAcks: true,
    });
    log(`sending ${options.rate} spans/s; ${fixed(options.warmupMs / 1000)} s of warm-up`);
    await sleep(options.warmupMs);
    const phases: Phase[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // Alternate the order, so that a drift in the machine's load weighs on both kinds.
      const order: Phase['kind'][] = round % 2 === 0 ? ['idle', 'loaded'] : ['loaded', 'idle'];
      for (const kind of order) {
        const phase = await runPhase(kind, options.phaseMs, queryUrl);
        phases.push(phase);
        log(
          `phase ${phases.length}: ${kind}, ${fixed((phase.end - phase.start) / 1000, 1)} s${kind === 'loaded' ? `, ${phase.queries.length} queries` : ''}`,
        );
      }
    }
    sender.worker.postMessage('stop');
    const done = await sender.done;
    await sender.worker.terminate();
    sender = undefined;
    const acks = done.acks ?? { due: [], ms: [] };

    const rows = phases.map((phase, index) => {
      const ms = acks.ms.filter((_, i) => {
        const due = acks.due[i] as number;
        return due >= phase.start && due < phase.end;
      });
      return { index: index + 1, phase, ms, p50: median(ms), p99: percentile(ms, 99) };
    });
    log('');
    log(
      textTable(
        ['phase', 'kind', 's', 'acks', 'p50 ms', 'p99 ms', 'max ms', 'queries', 'query ms'],
        rows.map((row) => [
          String(row.index),
          row.phase.kind,
          fixed((row.phase.end - row.phase.start) / 1000, 1),
          String(row.ms.length),
          fixed(row.p50, 1),
          fixed(row.p99, 1),
          fixed(row.ms.length > 0 ? Math.max(...row.ms) : Number.NaN, 1),
          row.phase.kind === 'loaded' ? String(row.phase.queries.length) : '',
          row.phase.kind === 'loaded' ? fixed(median(row.phase.queries)) : '',
        ]),
        [1],
      ),
    );
    const of = (kind: Phase['kind']) => rows.filter((row) => row.phase.kind === kind);
    const queries = of('loaded').flatMap((row) => row.phase.queries);
    const seconds = (done.endedAt - done.startedAt) / 1000;
    const figures = {
      ack_p99_ms_idle: Number(fixed(median(of('idle').map((row) => row.p99)), 1)),
      ack_p99_ms_with_queries: Number(fixed(median(of('loaded').map((row) => row.p99)), 1)),
      ratio: 0,
      ack_p50_ms_idle: Number(fixed(median(of('idle').map((row) => row.p50)), 1)),
      ack_p50_ms_with_queries: Number(fixed(median(of('loaded').map((row) => row.p50)), 1)),
      query_ms: Math.round(median(queries)),
      queries: queries.length,
      spans_per_s: Math.round(done.ackedSpans / seconds),
    };
    figures.ratio = Number((figures.ack_p99_ms_with_queries / figures.ack_p99_ms_idle).toFixed(2));
    const within = figures.ratio <= 2 && figures.ack_p99_ms_with_queries <= 500;
    log('');
    log(
      textTable(
        ['figure', 'measured', 'target', 'detail'],
        [
          [
            'ack p99 idle, ms',
            fixed(figures.ack_p99_ms_idle, 1),
            '',
            `p50 ${fixed(figures.ack_p50_ms_idle, 1)}; median of ${of('idle').length} phases`,
          ],
          [
            'ack p99 with queries, ms',
            fixed(figures.ack_p99_ms_with_queries, 1),
            '<= 2 x idle, <= 500',
            `p50 ${fixed(figures.ack_p50_ms_with_queries, 1)}; ratio ${figures.ratio}: ${within ? 'met' : 'MISSED'}`,
          ],
          [
            'query, ms',
            String(figures.query_ms),
            '',
            `median of ${queries.length} while ingesting; ${fixed(first)} ms alone`,
          ],
          [
            'spans/s acknowledged',
            String(figures.spans_per_s),
            String(options.rate),
            `HTTP statuses ${JSON.stringify(done.statuses)}, ${done.rejected} batches given up`,
          ],
        ],
        [0, 2, -1],
      ),
    );
    if (figures.spans_per_s < 0.95 * options.rate) {
      log(
        `note: the backend acknowledged ${figures.spans_per_s} spans/s, under the ${options.rate} sent: it fell behind, and the latencies count the wait`,
      );
    }
    log('');
    log(JSON.stringify(figures));
  } finally {
    await sender?.worker.terminate();
    await backend.stop();
    if (options.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(
    `bench:isolation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
