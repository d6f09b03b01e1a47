import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@otel-lab/testkit';
import { backendFlags, runStart, waitForOutput } from './launcher-harness.js';
import { isPortFree } from './port-check.js';

test('--help describes the command and its options', { timeout: 30_000 }, async () => {
  const run = runStart(['--help']);
  assert.equal((await run.exited)[0], 0);
  assert.match(run.output(), /Usage: npm start/);
  assert.match(run.output(), /--demo-app-port/);
  assert.match(run.output(), /--payment-port/);
  assert.match(run.output(), /--json-logs .*JSON/);
});

test('a port already taken is a clear message and exit 1', { timeout: 30_000 }, async () => {
  const blocker = createServer().listen(0);
  await once(blocker, 'listening');
  const taken = (blocker.address() as { port: number }).port;
  try {
    assert.equal(await isPortFree(taken), false);
    const run = runStart([
      ...(await backendFlags()),
      '--demo-app-port',
      String(taken),
      '--payment-port',
      String(await freePort()),
    ]);
    assert.equal((await run.exited)[0], 1);
    assert.match(run.output(), new RegExp(`port ${taken} is already in use.*--demo-app-port`));
  } finally {
    blocker.close();
  }
});

test('a bad port is refused by name', { timeout: 30_000 }, async () => {
  const run = runStart(['--payment-port', 'eighty']);
  assert.notEqual((await run.exited)[0], 0);
  assert.match(run.output(), /--payment-port must be a port number/);
});

test('starts the backend and both services, stores an order trace, and stops all on Ctrl-C', {
  timeout: 45_000,
}, async () => {
  const demoPort = await freePort();
  const paymentPort = await freePort();
  const flags = await backendFlags();
  const httpPort = Number(flags[3]);
  const otlpPort = Number(flags[1]);
  const run = runStart(
    [...flags, '--demo-app-port', String(demoPort), '--payment-port', String(paymentPort)],
    { env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'lab-start-')) } },
  );
  let stoppedCleanly = false;
  try {
    await waitForOutput(run, /The lab is running/, 30_000);
    const order = await fetch(`http://127.0.0.1:${demoPort}/api/orders`, { method: 'POST' });
    assert.equal(order.status, 201);
    assert.match(run.output(), /demo-app\s+│ .*"listening on/);
    // Log lines travel through a pipe and may arrive after the HTTP response.
    await waitForOutput(run, /payment-service\s*│ .*"charge approved"/, 5_000);

    // The services export to the backend: the order's 8 spans and 2 log lines arrive there.
    let stored = { spans: 0, logs: 0 };
    for (let i = 0; i < 100 && (stored.spans < 8 || stored.logs < 2); i += 1) {
      await sleep(100);
      const status = await fetch(`http://127.0.0.1:${httpPort}/api/status`);
      stored = ((await status.json()) as { stored: typeof stored }).stored;
    }
    assert.ok(stored.spans >= 8 && stored.logs >= 2, `backend holds ${JSON.stringify(stored)}`);

    // And the order trace comes back from the Jaeger API with spans from both services.
    const search = await fetch(
      `http://127.0.0.1:${httpPort}/api/traces?service=demo-app&operation=${encodeURIComponent('POST /api/orders')}&lookback=1h&limit=5`,
    );
    assert.equal(search.status, 200);
    const { data } = (await search.json()) as {
      data: {
        spans: { operationName: string; processID: string }[];
        processes: Record<string, { serviceName: string }>;
      }[];
    };
    const [trace] = data;
    assert.ok(trace, 'the order trace is found');
    assert.equal(trace.spans.length, 8);
    const services = new Set(
      trace.spans.map((span) => trace.processes[span.processID]?.serviceName),
    );
    assert.deepEqual([...services].sort(), ['demo-app', 'payment-service']);
    assert.ok(trace.spans.some((span) => span.operationName === 'process_payment'));

    // The backend scrapes both services at the ports the launcher gave them, and itself.
    const targets = await fetch(`http://127.0.0.1:${httpPort}/api/v1/targets`);
    const scraped = (
      (await targets.json()) as {
        data: { activeTargets: { scrapePool: string; scrapeUrl: string }[] };
      }
    ).data.activeTargets.map((target) => [target.scrapePool, target.scrapeUrl]);
    assert.deepEqual(scraped, [
      ['demo-app', `http://127.0.0.1:${demoPort}/metrics`],
      ['payment-service', `http://127.0.0.1:${paymentPort}/metrics`],
      ['otel-lab', `http://127.0.0.1:${httpPort}/metrics`],
    ]);

    // The lab's rules run in the backend.
    const rules = await fetch(`http://127.0.0.1:${httpPort}/api/v1/rules`);
    const files = (
      (await rules.json()) as { data: { groups: { file: string }[] } }
    ).data.groups.map((group) => group.file);
    assert.ok(
      files.length > 0 && files.every((file) => file.endsWith('lab.rules.yml')),
      `${files}`,
    );

    run.child.kill('SIGINT');
    const stopped = await Promise.race([
      run.exited.then(([code]) => code),
      sleep(20_000).then(() => 'timeout' as const),
    ]);
    assert.equal(stopped, 0, `launcher did not stop cleanly:\n${run.output()}`);
    stoppedCleanly = true;
    for (const port of [demoPort, paymentPort, httpPort, otlpPort]) {
      assert.equal(await isPortFree(port), true, `port ${port} released`);
    }
  } finally {
    // If the stop failed, leave no process behind: the services are detached from us. (After a
    // clean stop their pids are free and may belong to someone else by now.)
    if (!stoppedCleanly) run.child.kill('SIGKILL');
    for (const match of stoppedCleanly ? [] : run.output().matchAll(/"pid":(\d+)/g)) {
      try {
        process.kill(Number(match[1]), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});
