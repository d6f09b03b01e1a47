/**
 * Instrumentation overhead of demo-app: GET /api/products (a real SQLite query, no simulated
 * latency) with OpenTelemetry disabled against fully instrumented (every span sampled; traces,
 * metrics and logs exported over OTLP http/protobuf to a local sink), in alternating rounds.
 *
 *   npm run bench:overhead -- [--duration 10] [--rounds 5] [--cpu-prof .data/profiles]
 *
 * Prints progress, a table per round with medians, and last one JSON line of the medians.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  freePort,
  type OtlpSink,
  type ServiceProcess,
  type Signal,
  startOtlpSink,
  startServiceProcess,
} from '@otel-lab/testkit';
import autocannon from 'autocannon';
import {
  formatSummary,
  type ProfileSummary,
  readProfile,
  summariseProfile,
} from './profile-summary.js';
import { textTable } from './text-table.js';

const DEMO_MAIN = join(__dirname, '..', '..', 'demo-app', 'dist', 'main.js');
const PATH = '/api/products';

const USAGE = `usage: npm run bench:overhead -- [options]

Measures what OpenTelemetry costs demo-app on GET ${PATH}: OTEL_SDK_DISABLED=true against
100% sampling with traces, metrics and logs exported over OTLP http/protobuf to a local sink.
Both run as their own process; rounds alternate between them (ABBA order) on loopback.

options:
  --duration S      seconds per measured run (default 10)
  --rounds N        measured runs per variant (default 5)
  --warmup S        seconds of unmeasured load per variant first (default 5)
  --connections N   concurrent autocannon connections (default 10)
  --pause S         seconds of quiet between runs (default 1)
  --cpu-prof DIR    profile both demo-app processes (the V8 sampler of node --cpu-prof),
                    write DIR/demo-app-<variant>.cpuprofile and print where the time goes
  --top N           rows per profile section (default 15)
  -h, --help        this text

The last line is JSON: {"baseline_rps","instrumented_rps","ratio","baseline_p99_ms",
"instrumented_p99_ms"}, medians over the rounds; ratio = instrumented_rps / baseline_rps.
`;

type Variant = 'baseline' | 'instrumented';
const VARIANTS: readonly Variant[] = ['baseline', 'instrumented'];

interface Options {
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
  pause: number;
  cpuProfDir: string | undefined;
  top: number;
}

interface RunResult {
  variant: Variant;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  /** demo-app's CPU time (user + system) per request during the run. */
  cpuUsPerRequest: number | undefined;
  droppedSpans: number;
}

const OPTIONS = {
  duration: { type: 'string', default: '10' },
  rounds: { type: 'string', default: '5' },
  warmup: { type: 'string', default: '5' },
  connections: { type: 'string', default: '10' },
  pause: { type: 'string', default: '1' },
  'cpu-prof': { type: 'string' },
  top: { type: 'string', default: '15' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

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
  const number = (name: string, raw: string, min: number, max: number, integer = false) => {
    const value = Number(raw);
    if (
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      throw new UsageError(
        `--${name} ${raw}: expected a${integer ? 'n integer' : ' number'} from ${min} to ${max}`,
      );
    }
    return value;
  };
  return {
    duration: number('duration', values.duration, 1, 600, true),
    rounds: number('rounds', values.rounds, 1, 100, true),
    warmup: number('warmup', values.warmup, 0, 600, true),
    connections: number('connections', values.connections, 1, 1000, true),
    pause: number('pause', values.pause, 0, 60),
    cpuProfDir: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
    top: number('top', values.top, 1, 200, true),
  };
}

class UsageError extends Error {}

const log = (line: string) => process.stdout.write(`${line}\n`);

/** The environment both variants share: inherited, minus any OTEL_* the caller has set. */
function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('OTEL_') && name !== 'NODE_OPTIONS' && name !== 'BENCH_CPU_PROFILE') {
      env[name] = value;
    }
  }
  return {
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    LATENCY_SCALE: '0',
    // GET /api/products never calls the payment service; the URL only has to be valid.
    PAYMENT_SERVICE_URL: 'http://127.0.0.1:9',
  };
}

function variantEnv(variant: Variant, sink: OtlpSink, options: Options, dataDir: string) {
  // Node 20 refuses --cpu-prof in NODE_OPTIONS, so a preloaded hook runs the same V8 profiler.
  const cpuProf = options.cpuProfDir
    ? {
        NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-hook.js')}`,
        BENCH_CPU_PROFILE: profileFile(options.cpuProfDir, variant),
      }
    : {};
  const env = { ...baseEnv(dataDir), ...cpuProf };
  if (variant === 'baseline') return { ...env, OTEL_SDK_DISABLED: 'true' };
  return {
    ...env,
    OTEL_SDK_DISABLED: 'false',
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpUrl,
    // The batch span processor reports dropped spans as a warning; we count them from stderr.
    OTEL_LOG_LEVEL: 'warn',
  };
}

const profileFile = (dir: string, variant: Variant) => join(dir, `demo-app-${variant}.cpuprofile`);

function droppedSpans(stderr: string): number {
  let total = 0;
  for (const match of stderr.matchAll(/Dropped (\d+) spans/g)) total += Number(match[1]);
  return total;
}

async function load(url: string, seconds: number, connections: number) {
  return autocannon({ url: `${url}${PATH}`, connections, duration: seconds, pipelining: 1 });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Children to kill however we leave: normal end, error, or Ctrl-C. */
const children = new Set<ServiceProcess>();
/** Every child started, for their stderr when something fails. */
const started: { variant: Variant; service: ServiceProcess }[] = [];

async function stopChild(service: ServiceProcess): Promise<void> {
  const timeout = sleep(8000).then(() => {
    service.child.kill('SIGKILL');
  });
  await Promise.race([service.stop('SIGTERM'), timeout]);
  children.delete(service);
}

process.on('exit', () => {
  for (const service of children) service.child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping demo-app processes`);
    for (const service of children) service.child.kill('SIGKILL');
    process.exit(130);
  });
}

/** CPU time (user + system) the process has used so far, from /proc; undefined off Linux. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (USER_HZ = 100).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const fixed = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

async function startVariant(variant: Variant, sink: OtlpSink, options: Options, dataDir: string) {
  const service = await startServiceProcess({
    script: DEMO_MAIN,
    port: await freePort(),
    env: variantEnv(variant, sink, options, dataDir),
    timeoutMs: 30_000,
  });
  children.add(service);
  started.push({ variant, service });
  const check = await fetch(`${service.url}${PATH}`, { signal: AbortSignal.timeout(10_000) });
  const products = (await check.json()) as unknown[];
  if (check.status !== 200 || products.length !== 3) {
    throw new Error(
      `${variant}: GET ${PATH} answered ${check.status} with ${products.length} products`,
    );
  }
  log(`started demo-app ${variant} on ${service.url} (pid ${service.child.pid})`);
  return service;
}

function printProfiles(options: Options & { cpuProfDir: string }, served: Record<Variant, number>) {
  const summaries = {} as Record<Variant, ProfileSummary>;
  for (const variant of VARIANTS) {
    const file = profileFile(options.cpuProfDir, variant);
    summaries[variant] = summariseProfile(readProfile(file), options.top);
    log('');
    log(formatSummary(`${file} (${served[variant]} requests)`, summaries[variant]));
  }
  // What each package costs per request, both ways: the difference is the instrumentation.
  const perRequest = (variant: Variant, ms: number) => (1000 * ms) / served[variant];
  const packages = new Set([
    ...summaries.baseline.allSelfByPackage.keys(),
    ...summaries.instrumented.allSelfByPackage.keys(),
  ]);
  const rows = [...packages]
    .map((name) => {
      const base = perRequest('baseline', summaries.baseline.allSelfByPackage.get(name) ?? 0);
      const inst = perRequest(
        'instrumented',
        summaries.instrumented.allSelfByPackage.get(name) ?? 0,
      );
      return { name, base, inst, delta: inst - base };
    })
    .sort((a, b) => b.delta - a.delta);
  const busy = (variant: Variant) => perRequest(variant, summaries[variant].busyMs);
  log('');
  log('busy CPU per request by package (profiled, includes warm-up and background work)');
  log(
    textTable(
      ['package', 'baseline µs', 'instrumented µs', 'delta µs'],
      [
        ...rows
          .filter((row) => Math.abs(row.delta) >= 0.5)
          .slice(0, options.top)
          .map((row) => [row.name, fixed(row.base, 1), fixed(row.inst, 1), fixed(row.delta, 1)]),
        [
          'total busy',
          fixed(busy('baseline'), 1),
          fixed(busy('instrumented'), 1),
          fixed(busy('instrumented') - busy('baseline'), 1),
        ],
      ],
    ),
  );
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'otel-lab-overhead-'));
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  let sink: OtlpSink | undefined;
  try {
    const [load1] = loadavg();
    if (load1 !== undefined && load1 > 0.5) {
      log(
        `note: load average is ${load1.toFixed(2)} before starting; other work skews the figures`,
      );
    }
    sink = await startOtlpSink();
    log(`OTLP sink on ${sink.httpUrl} (http/protobuf)`);
    const services = {
      baseline: await startVariant('baseline', sink, options, join(scratch, 'baseline')),
      instrumented: await startVariant(
        'instrumented',
        sink,
        options,
        join(scratch, 'instrumented'),
      ),
    };
    const served: Record<Variant, number> = { baseline: 1, instrumented: 1 };
    const fire = async (variant: Variant, seconds: number) => {
      const result = await load(services[variant].url, seconds, options.connections);
      served[variant] += result.requests.total;
      return result;
    };

    if (options.warmup > 0) {
      for (const variant of VARIANTS) {
        log(`warm-up ${variant}: ${options.warmup} s`);
        await fire(variant, options.warmup);
        await sleep(options.pause * 1000);
      }
    }

    const results: RunResult[] = [];
    let dropped = droppedSpans(services.instrumented.stderr());
    for (let round = 1; round <= options.rounds; round++) {
      // ABBA: a slow drift of the machine does not favour either variant.
      const order = round % 2 === 1 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const pid = services[variant].child.pid;
        const cpuBefore = cpuMs(pid);
        const result = await fire(variant, options.duration);
        const cpuAfter = cpuMs(pid);
        const droppedNow = droppedSpans(services.instrumented.stderr());
        const run: RunResult = {
          variant,
          round,
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result['2xx'],
          failures: result.non2xx + result.errors + result.timeouts,
          cpuUsPerRequest:
            cpuBefore === undefined || cpuAfter === undefined
              ? undefined
              : (1000 * (cpuAfter - cpuBefore)) / result.requests.total,
          droppedSpans: variant === 'instrumented' ? droppedNow - dropped : 0,
        };
        dropped = droppedNow;
        if (run.requests === 0) throw new Error(`${variant} answered no request successfully`);
        results.push(run);
        log(
          `round ${round}/${options.rounds} ${variant.padEnd(12)} ${fixed(run.rps).padStart(6)} req/s  p99 ${run.p99} ms  ${fixed(run.cpuUsPerRequest)} µs CPU/req` +
            (run.failures > 0 ? `  ${run.failures} FAILED` : ''),
        );
        await sleep(options.pause * 1000);
      }
    }

    // Stop gracefully: the instrumented process flushes its last batches, profiles get written.
    for (const variant of VARIANTS) await stopChild(services[variant]);
    const signals = new Map<Signal, { exports: number; bytes: number }>();
    for (const entry of sink.received) {
      const seen = signals.get(entry.signal) ?? { exports: 0, bytes: 0 };
      seen.exports += 1;
      seen.bytes += entry.bytes;
      signals.set(entry.signal, seen);
    }

    log('');
    log(
      textTable(
        [
          'round',
          'variant',
          'req/s',
          'p50 ms',
          'p99 ms',
          'CPU µs/req',
          'requests',
          'failed',
          'dropped spans',
        ],
        results.map((run) => [
          String(run.round),
          run.variant,
          fixed(run.rps),
          String(run.p50),
          String(run.p99),
          fixed(run.cpuUsPerRequest),
          String(run.requests),
          String(run.failures),
          run.variant === 'instrumented' ? String(run.droppedSpans) : '-',
        ]),
      ),
    );
    const of = (variant: Variant) => results.filter((run) => run.variant === variant);
    const medians = {
      baseline_rps: Math.round(median(of('baseline').map((run) => run.rps))),
      instrumented_rps: Math.round(median(of('instrumented').map((run) => run.rps))),
      ratio: 0,
      baseline_p99_ms: median(of('baseline').map((run) => run.p99)),
      instrumented_p99_ms: median(of('instrumented').map((run) => run.p99)),
    };
    medians.ratio = Number((medians.instrumented_rps / medians.baseline_rps).toFixed(3));
    const cpu = (variant: Variant) => {
      const values = of(variant).flatMap((run) =>
        run.cpuUsPerRequest === undefined ? [] : [run.cpuUsPerRequest],
      );
      return values.length > 0 ? median(values) : undefined;
    };
    const baselineCpu = cpu('baseline');
    const instrumentedCpu = cpu('instrumented');
    log('');
    log(
      textTable(
        ['median', 'req/s', 'p99 ms', 'CPU µs/req'],
        [
          [
            'baseline',
            String(medians.baseline_rps),
            String(medians.baseline_p99_ms),
            fixed(baselineCpu),
          ],
          [
            'instrumented',
            String(medians.instrumented_rps),
            String(medians.instrumented_p99_ms),
            fixed(instrumentedCpu),
          ],
          [
            'ratio',
            medians.ratio.toFixed(3),
            '',
            baselineCpu && instrumentedCpu ? (baselineCpu / instrumentedCpu).toFixed(3) : '-',
          ],
        ],
      ),
    );
    log(
      "(CPU µs/req is demo-app's own CPU time per request; its ratio is less sensitive to other load)",
    );
    log('');
    log(
      `sink received: ${(['traces', 'metrics', 'logs'] as const)
        .map((signal) => {
          const seen = signals.get(signal);
          return `${signal} ${seen?.exports ?? 0} exports / ${Math.round((seen?.bytes ?? 0) / 1024)} KiB`;
        })
        .join(', ')}`,
    );
    const missing = (['traces', 'metrics', 'logs'] as const).filter(
      (signal) => !signals.has(signal),
    );
    if (missing.length > 0) {
      log(`WARNING: the sink got no ${missing.join(', ')} from the instrumented run`);
    }
    const totalDropped = results.reduce((sum, run) => sum + run.droppedSpans, 0);
    if (totalDropped > 0) {
      log(
        `WARNING: the batch span processor dropped ${totalDropped} spans: the figure flatters the SDK`,
      );
    }

    if (options.cpuProfDir) printProfiles({ ...options, cpuProfDir: options.cpuProfDir }, served);
    log('');
    log(JSON.stringify(medians));
  } finally {
    await Promise.all([...children].map(stopChild));
    await sink?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(
    `bench:overhead failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  for (const { variant, service } of started) {
    const stderr = service.stderr().trim();
    if (stderr) process.stderr.write(`demo-app ${variant} stderr:\n${stderr.slice(-4000)}\n`);
  }
  process.exit(1);
});
