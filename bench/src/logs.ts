/**
 * Logs through the embedded backend: OTLP/HTTP protobuf batches of 512 log records into a fresh
 * backend process, then LogQL over them through its Loki API.
 *
 *   npm run bench:logs -- [--records 1000000] [--concurrency 10] [--runs 20]
 *
 * Prints progress, a table of the figures beside the targets, and last one JSON line.
 */

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  type BackendProcess,
  dirBytes,
  processCpuMs,
  startBackendProcess,
  stopBackendProcess,
} from './backend-process.js';
import { encodeLogBatches, LOG_SERVICES, type LogBatch, NEEDLE } from './logs-data.js';
import { postProtobuf } from './post-protobuf.js';
import { formatSummary, readProfile, summariseProfile } from './profile-summary.js';
import { textTable } from './text-table.js';

const BATCH_SIZE = 512;
const SERVICE = LOG_SERVICES[1];
const FILTER = `{service_name="${SERVICE}"} |= "${NEEDLE}"`;
const METRIC = `sum by (detected_level) (count_over_time({service_name="${SERVICE}"}[1m]))`;

const USAGE = `usage: npm run bench:logs -- [options]

Runs the backend as its own process (free loopback ports, a temporary data directory), posts
OTLP/HTTP protobuf batches of ${BATCH_SIZE} log records (${LOG_SERVICES.length} services, severities, JSON, logfmt and
plain bodies, trace ids) with a few requests in flight, then times two LogQL queries over the last
hour through /loki/api/v1/query_range:
  filter: ${FILTER} (limit 100)
  metric: ${METRIC} (range query, Loki's default step)

options:
  --records N       records to send, rounded up to whole batches (default 1000000)
  --concurrency N   requests in flight (default 10, as the Collector's exporters send:
                    sending_queue.num_consumers defaults to 10)
  --runs N          measured runs of each query, after 3 unmeasured (default 20)
  --seed N          data generator seed (default 1)
  --keep DIR        store into DIR (which must not exist) and keep it, to query it afterwards
  --cpu-prof DIR    profile the backend's main thread, write DIR/backend-logs.cpuprofile and
                    print where the time goes
  -h, --help        this text

The last line is JSON: {"logs_per_s","bytes_per_record","filter_p95_ms","metric_p95_ms"}.
`;

const TARGETS = {
  logs_per_s: { text: '>= 100000', ok: (v: number) => v >= 100_000 },
  bytes_per_record: { text: '<= 150', ok: (v: number) => v <= 150 },
  filter_p95_ms: { text: '<= 100', ok: (v: number) => v <= 100 },
  metric_p95_ms: { text: '<= 300', ok: (v: number) => v <= 300 },
} as const;

const log = (line: string) => process.stdout.write(`${line}\n`);

const fixed = (value: number, digits = 0) => (Number.isNaN(value) ? '-' : value.toFixed(digits));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
};

function readOptions() {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1000000' },
      concurrency: { type: 'string', default: '10' },
      runs: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      keep: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const integer = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      process.stderr.write(
        `--${name} ${raw}: expected an integer from ${min} to ${max}\n\n${USAGE}`,
      );
      process.exit(2);
    }
    return value;
  };
  return {
    records: integer('records', values.records, BATCH_SIZE, 20_000_000),
    concurrency: integer('concurrency', values.concurrency, 1, 64),
    runs: integer('runs', values.runs, 1, 1000),
    seed: integer('seed', values.seed, 0, 2 ** 31),
    keepDir: values.keep === undefined ? undefined : resolve(values.keep),
    cpuProfDir: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
  };
}

/** Posts every batch with `concurrency` in flight; 503 (queue full) is retried after a pause. */
async function send(otlpUrl: string, batches: LogBatch[], concurrency: number) {
  const url = new URL('/v1/logs', otlpUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body: Buffer) => postProtobuf(url, agent, body);
  let next = 0;
  let acked = 0;
  let retries = 0;
  let reported = 0;
  const startedAt = performance.now();
  const lane = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as LogBatch;
      for (let attempt = 0; ; attempt++) {
        const status = await post(batch.body);
        if (status === 200) break;
        if (status !== 503 || attempt >= 100) throw new Error(`POST /v1/logs answered ${status}`);
        retries++;
        await sleep(20);
      }
      acked += batch.records;
      if (acked - reported >= batches.length * BATCH_SIZE * 0.1) {
        reported = acked;
        const rate = acked / ((performance.now() - startedAt) / 1000);
        log(`acked ${String(acked).padStart(8)} records  ${fixed(rate).padStart(7)} records/s`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  agent.destroy();
  return { acked, retries, seconds: (performance.now() - startedAt) / 1000 };
}

/** Times a query_range over the last hour: 3 unmeasured runs, then `runs` measured. */
async function timeQuery(backend: BackendProcess, params: Record<string, string>, runs: number) {
  const queryUrl = backend.queryUrl;
  const times: number[] = [];
  let summary = '';
  let cpuAtStart = Number.NaN;
  for (let i = 0; i < 3 + runs; i++) {
    if (i === 3) cpuAtStart = processCpuMs(backend.child.pid);
    const endNs = BigInt(Date.now()) * 1_000_000n;
    const search = new URLSearchParams({
      ...params,
      start: `${endNs - 3_600_000_000_000n}`,
      end: `${endNs}`,
    });
    const began = performance.now();
    const response = await fetch(`${queryUrl}/loki/api/v1/query_range?${search}`, {
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    const ms = performance.now() - began;
    if (response.status !== 200)
      throw new Error(`${params.query} answered ${response.status}: ${text}`);
    if (i >= 3) times.push(ms);
    const data = (JSON.parse(text) as { data: { resultType: string; result: unknown[] } }).data;
    const points = (data.result as { values: unknown[] }[]).reduce(
      (n, s) => n + s.values.length,
      0,
    );
    summary = `${data.result.length} ${data.resultType === 'streams' ? 'streams' : 'series'}, ${points} ${data.resultType === 'streams' ? 'entries' : 'points'}`;
  }
  // The backend's CPU per measured query: what the query costs, whatever else the machine runs.
  return { times, summary, cpuMs: (processCpuMs(backend.child.pid) - cpuAtStart) / runs };
}

async function main(): Promise<void> {
  const options = readOptions();
  const batchCount = Math.ceil(options.records / BATCH_SIZE);
  const scratch = mkdtempSync(join(tmpdir(), 'otel-lab-logs-'));
  const dataDir = options.keepDir ?? join(scratch, 'data');
  let backend: BackendProcess | undefined;
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  try {
    log(`load average ${load} on ${cpus().length} CPUs before starting`);
    log(`encoding ${batchCount} batches of ${BATCH_SIZE} log records…`);
    const encodeStart = performance.now();
    const batches = encodeLogBatches({
      batches: batchCount,
      batchSize: BATCH_SIZE,
      seed: options.seed,
      endMs: Date.now() + 60_000,
      spanMs: 50 * 60_000,
    });
    const wire = batches.reduce((n, b) => n + b.body.length, 0);
    const records = batchCount * BATCH_SIZE;
    log(
      `encoded ${records} records in ${fixed((performance.now() - encodeStart) / 1000, 1)} s, ${fixed(wire / records)} B/record protobuf`,
    );
    if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
    const profile = options.cpuProfDir && join(options.cpuProfDir, 'backend-logs.cpuprofile');
    backend = await startBackendProcess(dataDir, profile || undefined);
    log(
      `backend pid ${backend.child.pid}: OTLP/HTTP ${backend.otlpUrl}, query API ${backend.queryUrl}`,
    );
    const cpuBefore = processCpuMs(backend.child.pid);
    const sent = await send(backend.otlpUrl, batches, options.concurrency);
    const ingestCpuUs = ((processCpuMs(backend.child.pid) - cpuBefore) * 1000) / sent.acked;
    const logsPerS = sent.acked / sent.seconds;
    log(
      `sent: ${sent.acked} records acknowledged in ${fixed(sent.seconds, 1)} s (${sent.retries} retries of 503)`,
    );

    log(`filter: 3 unmeasured, then ${options.runs} measured…`);
    const filter = await timeQuery(backend, { query: FILTER, limit: '100' }, options.runs);
    log(`metric: 3 unmeasured, then ${options.runs} measured…`);
    const metric = await timeQuery(backend, { query: METRIC }, options.runs);

    const exitCode = await stopBackendProcess(backend);
    backend = undefined;
    const closedBytes = dirBytes(dataDir);
    log(`backend stopped (exit ${exitCode}); data directory ${fixed(closedBytes / 1e6)} MB`);

    const result = {
      logs_per_s: Math.round(logsPerS),
      bytes_per_record: Math.round(closedBytes / sent.acked),
      filter_p95_ms: Number(percentile(filter.times, 95).toFixed(1)),
      metric_p95_ms: Number(percentile(metric.times, 95).toFixed(1)),
    };
    const verdict = (key: keyof typeof TARGETS) =>
      TARGETS[key].ok(result[key]) ? 'met' : 'MISSED';
    const row = (key: keyof typeof TARGETS, name: string, detail: string) => [
      name,
      String(result[key]),
      TARGETS[key].text,
      verdict(key),
      detail,
    ];
    log('');
    log(
      textTable(
        ['figure', 'measured', 'target', 'verdict', 'detail'],
        [
          row(
            'logs_per_s',
            'logs/s acknowledged',
            `${sent.acked} records in ${fixed(sent.seconds, 1)} s, ${options.concurrency} in flight; backend CPU ${fixed(ingestCpuUs, 1)} µs/record`,
          ),
          row(
            'bytes_per_record',
            'bytes on disk per record',
            `after shutdown, ${fixed(closedBytes / 1e6)} MB; ${fixed(wire / records)} B/record on the wire`,
          ),
          row(
            'filter_p95_ms',
            'filter p95, ms',
            `p50 ${fixed(percentile(filter.times, 50), 1)}; backend CPU ${fixed(filter.cpuMs)} ms/query; ${filter.summary}`,
          ),
          row(
            'metric_p95_ms',
            'metric p95, ms',
            `p50 ${fixed(percentile(metric.times, 50), 1)}; backend CPU ${fixed(metric.cpuMs)} ms/query; ${metric.summary}`,
          ),
        ],
        [0, -1],
      ).replace(/^(.*)$/gm, (line) => line.trimEnd()),
    );
    log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at the end (${load} at the start)`,
    );
    if (profile) {
      log('');
      log(
        formatSummary(
          `${profile} (backend main thread)`,
          summariseProfile(readProfile(profile), 15),
        ),
      );
    }
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

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:logs failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
