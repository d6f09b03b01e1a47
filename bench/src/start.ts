/**
 * How long `npm start` takes on a built checkout until every port of the lab answers: the median
 * of several starts, then one start after a UI source changed (its bundle is rebuilt), and what
 * the steps before the lab cost on their own (`tsc -b`, the UI bundle's up-to-date check).
 *
 *   npm run bench:start -- [--repeats 5]
 *
 * Prints progress, a table, and last one JSON line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { freePort } from '@otel-lab/testkit';
import { textTable } from './text-table.js';

const ROOT = join(__dirname, '..', '..');
const UI = join(ROOT, 'packages', 'ui');
/** The UI source the "after a UI change" start edits (a comment), and puts back afterwards. */
const UI_SOURCE = join(UI, 'src', 'main.tsx');
const GIVE_UP_MS = 120_000;

const USAGE = `usage: npm run bench:start -- [options]

Runs npm start on free ports (its own data directories), times it from the spawn until every
port answers (demo-app and payment-service /health, the backend's /-/ready, and a connection to
OTLP/HTTP and OTLP/gRPC), then stops it with SIGINT to its process group (as Ctrl-C does):

  ready_ms                   median of --repeats starts of the built checkout
  ready_after_ui_change_ms   one start after a comment was added to packages/ui/src/main.tsx
                             (the UI bundle is rebuilt); the file and the bundle are put back

The table adds the medians of tsc -b and of the UI bundle's up-to-date check alone.

options:
  --repeats N   starts of the built checkout (default 5)
  -h, --help    this text

The last line is JSON: {"ready_ms","ready_after_ui_change_ms"}. Target: ready_ms < 3000.
`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const answersHttp = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(500) }).then(
    (response) => response.ok,
    () => false,
  );

const acceptsTcp = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** One `npm start`: ms from the spawn until every port answers; stopped before returning. */
async function timeStart(): Promise<number> {
  const [demo, payment, http, otlpHttp, otlpGrpc] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const dir = mkdtempSync(join(tmpdir(), 'otel-lab-start-bench-'));
  const args = ['start', '--silent', '--', '--data-dir', join(dir, 'backend')];
  args.push('--demo-app-port', String(demo), '--payment-port', String(payment));
  args.push('--http-port', String(http), '--otlp-http-port', String(otlpHttp));
  args.push('--otlp-grpc-port', String(otlpGrpc));
  const started = performance.now();
  // A process group of its own: SIGINT to it is what a terminal's Ctrl-C does.
  const child = spawn('npm', args, {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: join(dir, 'demo-app') },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const exited = once(child, 'exit');
  try {
    const checks = [
      () => answersHttp(`http://127.0.0.1:${demo}/health`),
      () => answersHttp(`http://127.0.0.1:${payment}/health`),
      () => answersHttp(`http://127.0.0.1:${http}/-/ready`),
      () => acceptsTcp(otlpHttp as number),
      () => acceptsTcp(otlpGrpc as number),
    ];
    const pending = new Set(checks);
    while (pending.size > 0) {
      if (performance.now() - started > GIVE_UP_MS) throw new Error('npm start was not ready');
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      for (const check of [...pending]) if (await check()) pending.delete(check);
      if (pending.size > 0) await sleep(10);
    }
    return performance.now() - started;
  } finally {
    process.kill(-(child.pid as number), 'SIGINT');
    const stopped = await Promise.race([exited, sleep(15_000).then(() => false)]);
    if (stopped === false) process.kill(-(child.pid as number), 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median of running `command` `times` times, in ms. */
function timeCommand(command: string, args: string[], times: number): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const run = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
    ms.push(performance.now() - started);
  }
  return median(ms);
}

/** Runs `measure` with a comment added to a UI source; the source and the bundle are put back. */
async function withUiChange(measure: () => Promise<number>): Promise<number> {
  const source = readFileSync(UI_SOURCE);
  const saved = mkdtempSync(join(tmpdir(), 'otel-lab-ui-dist-'));
  cpSync(join(UI, 'dist'), saved, { recursive: true });
  try {
    writeFileSync(UI_SOURCE, `${source}\n// bench:start ${new Date().toISOString()}\n`);
    return await measure();
  } finally {
    writeFileSync(UI_SOURCE, source);
    // The bundle built from the unchanged sources, and its stamp, as they were.
    rmSync(join(UI, 'dist'), { recursive: true, force: true });
    cpSync(saved, join(UI, 'dist'), { recursive: true });
    rmSync(saved, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeats: { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 50) {
    process.stderr.write(`--repeats ${values.repeats}: expected an integer from 1 to 50\n`);
    process.exit(2);
  }

  process.stdout.write('one unmeasured start (warms the file cache)…\n');
  await timeStart();
  const starts: number[] = [];
  for (let i = 1; i <= repeats; i++) {
    starts.push(await timeStart());
    process.stdout.write(
      `start ${i}/${repeats}: every port answers after ${Math.round(starts.at(-1) ?? 0)} ms\n`,
    );
  }
  process.stdout.write('a start after a UI source changed (the bundle is rebuilt)…\n');
  const afterUiChange = await withUiChange(timeStart);
  process.stdout.write(`ready after ${Math.round(afterUiChange)} ms\n`);
  process.stdout.write('the steps before the lab, alone…\n');
  const tsc = timeCommand(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-b'], repeats);
  const uiCheck = timeCommand(
    process.execPath,
    [join(ROOT, 'packages', 'cli', 'dist', 'build-ui.js')],
    repeats,
  );

  const figures = {
    ready_ms: Math.round(median(starts)),
    ready_after_ui_change_ms: Math.round(afterUiChange),
  };
  process.stdout.write(
    `\n${textTable(
      ['figure', 'ms', 'what'],
      [
        [
          'ready_ms',
          String(figures.ready_ms),
          `npm start until every port answers, median of ${repeats}`,
        ],
        [
          'ready_after_ui_change_ms',
          String(figures.ready_after_ui_change_ms),
          'the same after a UI source changed (one)',
        ],
        ['tsc -b (up to date)', String(Math.round(tsc)), 'alone, median'],
        [
          'UI bundle check',
          String(Math.round(uiCheck)),
          'node build-ui.js, up to date, alone, median',
        ],
      ],
      [0, -1],
    )}\n\n`,
  );
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
