import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, type ServiceProcess, startServiceProcess } from '@otel-lab/testkit';

const TRAFFIC = join(__dirname, 'traffic.js');
const ROOT = join(__dirname, '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run traffic`'s script; `whileRunning` may signal it once it has started. */
async function traffic(
  args: string[],
  whileRunning?: (child: ReturnType<typeof spawn>, output: () => string) => Promise<void>,
): Promise<Run> {
  const child = spawn(process.execPath, [TRAFFIC, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit');
  await whileRunning?.(child, () => stdout + stderr);
  const [code] = (await exited) as [number | null];
  return { code, stdout, stderr };
}

/** No stack trace: no "    at fn (file:line)" lines. */
const assertNoStack = (run: Run) =>
  assert.doesNotMatch(run.stdout + run.stderr, /^\s+at .+:\d+/m, run.stdout + run.stderr);

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** Healthy, but every other request gets `status` (or no answer at all when undefined). */
const stub = (status: number | undefined) =>
  listen((request, response) => {
    if (request.url === '/health') response.writeHead(200).end('{"status":"healthy"}');
    else if (status !== undefined) response.writeHead(status).end('{"error":"broken"}');
  });

describe('against the real demo-app and payment-service', () => {
  const services: ServiceProcess[] = [];
  let demoUrl = '';
  before(async () => {
    const env = {
      ...process.env,
      OTEL_SDK_DISABLED: 'true',
      LATENCY_SCALE: '0',
      SLOW_PAYMENT_RATE: '0',
    };
    const payment = await startServiceProcess({
      script: join(ROOT, 'payment-service', 'dist', 'main.js'),
      env,
    });
    services.push(payment);
    const demo = await startServiceProcess({
      script: join(ROOT, 'demo-app', 'dist', 'main.js'),
      env: {
        ...env,
        PAYMENT_SERVICE_URL: payment.url,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'traffic-demo-')),
      },
    });
    services.push(demo);
    demoUrl = demo.url;
  });
  after(async () => {
    for (const service of services.reverse()) await service.stop();
  });

  test("the lab's loop, a few rounds without pause: exit 0 and every request counted", {
    timeout: 20_000,
  }, async () => {
    const run = await traffic(['--target', demoUrl, '--iterations', '4', '--pause', '0', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.requests, 8);
    assert.equal(summary.failures, 0);
    assert.deepEqual(summary.errorsByStatus, {});
    assert.deepEqual(
      summary.endpoints.map((endpoint: { endpoint: string; statuses: object }) => [
        endpoint.endpoint,
        endpoint.statuses,
      ]),
      [
        ['POST /api/orders', { 201: 4 }],
        ['GET /api/products', { 200: 4 }],
      ],
    );
    for (const endpoint of summary.endpoints) {
      const { p50, p95, p99, max } = endpoint.latencyMs;
      assert.ok(p50 > 0 && p50 <= p95 && p95 <= p99 && p99 <= max, JSON.stringify(endpoint));
    }
  });

  test('seeded open loop with a 1:2 mix: the orders with bodies are accepted', {
    timeout: 20_000,
  }, async () => {
    const run = await traffic([
      '--target',
      demoUrl,
      '--rate',
      '50',
      '--iterations',
      '3',
      '--mix',
      '1:2',
      '--seed',
      '42',
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /9 requests in/);
    assert.match(
      run.stdout,
      /open loop at 50 requests\/s, at most 64 in flight, mix 1:2 .*seed 42/,
    );
    assert.match(run.stdout, /^POST \/api\/orders\s+3\s+0\s/m);
    assert.match(run.stdout, /^GET \/api\/products\s+6\s+0\s/m);
    assert.match(run.stdout, /Result: passed \(exit 0\)/);
  });
});

test('an unreachable target: one clear message naming the URL, exit 1', async () => {
  const port = await freePort();
  const run = await traffic(['--target', `http://127.0.0.1:${port}`]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    new RegExp(
      `cannot reach the target: GET http://127\\.0\\.0\\.1:${port}/health failed with ECONNREFUSED`,
    ),
  );
  assert.match(run.stderr, /npm start/);
  assert.equal(run.stdout, '');
  assertNoStack(run);
});

test('a target that answers 500: errors by status, exit 1', async () => {
  const { server, url } = await stub(500);
  try {
    const json = await traffic(['--target', url, '--iterations', '3', '--pause', '0', '--json']);
    assert.equal(json.code, 1, json.stderr);
    const summary = JSON.parse(json.stdout);
    assert.deepEqual(summary.errorsByStatus, { 500: 6 });
    assert.equal(summary.failures, 6);
    assert.equal(summary.exitCode, 1);

    const text = await traffic(['--target', url, '--iterations', '1', '--pause', '0']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /errors: 500 ×2/);
    assert.match(text.stdout, /Result: failed \(exit 1\): 2 of 2 requests failed/);
    assertNoStack(text);
  } finally {
    server.close();
  }
});

test('bad options: every problem named, exit 2', async () => {
  const run = await traffic(['--rate', '0', '--iterations', '2', '--duration', '1m', '--x']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--rate must be requests per second above 0/);
  assert.match(run.stderr, /--iterations and --duration cannot be used together/);
  assert.match(run.stderr, /unknown option --x/);
  assert.match(run.stderr, /npm run traffic -- --help/);
  assertNoStack(run);
});

test('--help lists every option with its default', async () => {
  const run = await traffic(['--help']);
  assert.equal(run.code, 0);
  for (const option of [
    /--target URL .*default http:\/\/localhost:8080/,
    /--iterations N .*default 50/,
    /--duration TIME/,
    /--pause TIME .*default 0\.5s/,
    /--rate R/,
    /--concurrency N .*default 1, 64 with --rate/,
    /--mix O:P .*default 1:1/,
    /--seed N/,
    /--json/,
    /Exit status:/,
  ]) {
    assert.match(run.stdout, option);
  }
});

test('Ctrl-C stops sending, bounds the wait for requests that never answer, and prints the summary', {
  timeout: 30_000,
}, async () => {
  const { server, url } = await stub(undefined);
  let unanswered = 0;
  server.on('request', (request) => {
    if (request.url !== '/health') unanswered += 1;
  });
  try {
    const startedAt = Date.now();
    let signalledAt = 0;
    const run = await traffic(
      ['--target', url, '--rate', '20', '--duration', '1m', '--json'],
      async (child) => {
        // Ctrl-C once requests are in flight (a fixed wait may end before a loaded machine has
        // even started the process, and then the signal's default action kills it).
        const deadline = Date.now() + 10_000;
        while (unanswered < 5 && Date.now() < deadline) await sleep(20);
        signalledAt = Date.now();
        child.kill('SIGINT');
      },
    );
    const stoppedIn = Date.now() - signalledAt;
    assert.equal(run.code, 0, run.stderr);
    assert.ok(stoppedIn < 5_000, `stopped ${stoppedIn} ms after Ctrl-C`);
    assert.ok(Date.now() - startedAt < 15_000);
    assert.match(run.stderr, /stopping: no new requests; waiting up to 2 s/);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.interrupted, true);
    assert.equal(summary.requests, 0, 'nothing answered');
    assert.ok(summary.abandoned >= 5 && summary.abandoned <= 20, `abandoned ${summary.abandoned}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
