import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@otel-lab/testkit';

const MAIN = join(__dirname, 'main.js');

function run(args: string[]) {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => output };
}

const fresh = () => ['--data-dir', mkdtempSync(join(tmpdir(), 'backend-main-'))];
const anyPorts = ['--otlp-http-port', '0', '--http-port', '0', '--otlp-grpc-port', '0'];

test('--help lists every option', async () => {
  const backend = run(['--help']);
  assert.equal(await backend.exited, 0);
  for (const flag of [
    '--data-dir',
    '--otlp-http-port',
    '--otlp-grpc-port',
    '--http-port',
    '--bind',
    '--retention',
    '--max-disk',
    '--allowed-hosts',
    '--cors-origins',
    '--max-ingest-memory',
  ]) {
    assert.match(backend.output(), new RegExp(flag));
  }
});

test('bad flags are all named, exit 2', async () => {
  const backend = run(['--retention', 'forever', '--http-port', '70000']);
  assert.equal(await backend.exited, 2);
  assert.match(backend.output(), /--retention "forever"/);
  assert.match(backend.output(), /--http-port/);
});

test('a port already taken is a clear message and exit 1', async () => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const port = (blocker.address() as { port: number }).port;
  try {
    const backend = run([...fresh(), ...anyPorts, '--otlp-http-port', String(port)]);
    assert.equal(await backend.exited, 1);
    assert.match(backend.output(), new RegExp(`OTLP/HTTP port ${port} is already in use`));
  } finally {
    blocker.close();
  }
});

test('serves /-/ready and /api/status with counts and limits, and stops on SIGTERM', async () => {
  const backend = run([...fresh(), ...anyPorts, '--max-disk', '2GiB', '--db-memory', '96MiB']);
  // A failed check must not leave the backend running: the test run would wait for it.
  try {
    let port: string | undefined;
    for (let i = 0; i < 150 && !port; i += 1) {
      port = /query API on http:\/\/[^:]+:(\d+)/.exec(backend.output())?.[1];
      if (!port) await sleep(100);
    }
    assert.ok(port, backend.output());
    const ready = await fetch(`http://127.0.0.1:${port}/-/ready`);
    assert.equal(ready.status, 200);
    const status = (await (await fetch(`http://127.0.0.1:${port}/api/status`)).json()) as {
      stored: { spans: number };
      disk: { usedBytes: number; maxBytes: number };
      memory: { databaseBytes: number; databaseLimitBytes: number; processRssBytes: number };
    };
    assert.equal(status.stored.spans, 0);
    assert.equal(status.disk.maxBytes, 2 * 1024 ** 3);
    assert.ok(status.disk.usedBytes > 0);
    assert.equal(status.memory.databaseLimitBytes, 96 * 1024 ** 2);
    assert.ok(status.memory.databaseBytes >= 0 && status.memory.databaseBytes < 96 * 1024 ** 2);
    assert.ok(status.memory.processRssBytes > status.memory.databaseBytes);
  } finally {
    backend.child.kill('SIGTERM');
  }
  assert.equal(await backend.exited, 0);
});

/** A raw request (fetch would neither keep %E0 as written nor let the Host header be set). */
function ask(
  port: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

test('hostile requests get their 4xx and the backend keeps answering', async () => {
  const backend = run([...fresh(), ...anyPorts, '--allowed-hosts', 'host.docker.internal']);
  try {
    let port: string | undefined;
    for (let i = 0; i < 150 && !port; i += 1) {
      port = /query API on http:\/\/[^:]+:(\d+)/.exec(backend.output())?.[1];
      if (!port) await sleep(100);
    }
    assert.ok(port, backend.output());
    const json = { 'content-type': 'application/json' };
    const spans = JSON.stringify({ resourceSpans: [] });
    const rows: [string, Parameters<typeof ask>[2], number, RegExp][] = [
      ['/api/dashboards/%E0', {}, 400, /percent-encoding/],
      ['/api/export/traces/%E0', {}, 400, /percent-encoding/],
      ['/api/v1/label/%E0/values', {}, 400, /"errorType":"bad_data"/],
      ['/api/services/%E0/operations', {}, 400, /"errors":\[\{"code":400/],
      ['/api/v3/traces/%E0', {}, 400, /"httpCode":400/],
      ['/api/status', { headers: { cookie: 'otel_lab_token=%E0' } }, 400, /percent-encoding/],
      ['/api/status', { headers: { cookie: 'other_app=%E0' } }, 200, /"stored"/],
      [
        '/api/v1/labels',
        { headers: { host: 'evil.example:16686' } },
        403,
        /--allowed-hosts evil\.example/,
      ],
      [
        '/api/traces?service=x',
        { headers: { host: 'rebound.example' } },
        403,
        /"errors":\[\{"code":403/,
      ],
      ['/api/status', { headers: { host: 'host.docker.internal:16686' } }, 200, /"stored"/],
      [
        '/api/v1/labels',
        { headers: { host: 'localhost:16686@evil.example' } },
        400,
        /malformed Host header/,
      ],
      [
        '/api/import',
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: spans },
        415,
        /application\/json/,
      ],
      [
        '/api/import',
        { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body: spans },
        403,
        /cross-site/,
      ],
      ['/api/import', { method: 'POST', headers: json, body: spans }, 200, /"imported"/],
      ['/nope', { method: 'DELETE' }, 404, /no route/],
    ];
    for (const [path, options, status, body] of rows) {
      const answer = await ask(port, path, options);
      assert.equal(answer.status, status, `${path} ${JSON.stringify(options)}: ${answer.body}`);
      assert.match(answer.body, body, path);
      assert.equal((await ask(port, '/-/ready')).status, 200, `not ready after ${path}`);
    }
    assert.equal(backend.child.exitCode, null, backend.output());
  } finally {
    backend.child.kill('SIGTERM');
  }
  assert.equal(await backend.exited, 0);
});

test('import FILE loads OTLP/JSON lines into a data directory', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'backend-import-'));
  const file = join(dataDir, 'export.jsonl');
  const line = (n: number) =>
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: n.toString(16).padStart(16, '0'),
                  name: 'x',
                },
              ],
            },
          ],
        },
      ],
    });
  writeFileSync(file, `${line(1)}\n${line(2)}\n`);
  const backend = run(['import', file, '--data-dir', join(dataDir, 'data')]);
  assert.equal(await backend.exited, 0, backend.output());
  assert.match(backend.output(), /imported 2 requests .*: 2 spans, 0 log records, 0 metrics/);

  const missing = run(['import', join(dataDir, 'nope.jsonl'), '--data-dir', join(dataDir, 'data')]);
  assert.equal(await missing.exited, 1);
  assert.match(missing.output(), /ENOENT.*nope\.jsonl/);
  assert.doesNotMatch(missing.output(), /\n\s+at /);

  const noFile = run(['import']);
  assert.equal(await noFile.exited, 2);
  assert.match(noFile.output(), /import needs a FILE/);
});

test('export writes a time range as OTLP/JSON lines that import reads into another directory', async () => {
  const root = mkdtempSync(join(tmpdir(), 'backend-export-'));
  const source = join(root, 'source');
  const input = join(root, 'in.jsonl');
  const start = 1_800_000_000_000;
  writeFileSync(
    input,
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: '0000000000000001',
                  name: 'x',
                  startTimeUnixNano: String(BigInt(start) * 1_000_000n),
                  endTimeUnixNano: String(BigInt(start + 5) * 1_000_000n),
                },
              ],
            },
          ],
        },
      ],
    }),
  );
  assert.equal(await run(['import', input, '--data-dir', source]).exited, 0);
  const out = join(root, 'out.jsonl');
  const exported = run([
    'export',
    '--start',
    String(start - 1000),
    `--end=${start + 1000}`,
    '--out',
    out,
    '--data-dir',
    source,
  ]);
  assert.equal(await exported.exited, 0, exported.output());
  assert.match(exported.output(), /exported 1 lines/);
  const copy = run(['import', out, '--data-dir', join(root, 'copy')]);
  assert.equal(await copy.exited, 0, copy.output());
  assert.match(copy.output(), /1 spans/);

  const bad = run(['export', '--start', 'soon', '--data-dir', source]);
  assert.equal(await bad.exited, 1);
  assert.match(bad.output(), /start="soon"/);
});

test('a reader of its logs that goes away does not stop the backend', async () => {
  const httpPort = await freePort();
  // Its stdout closed at once, as `npm run backend | head -1` leaves it after a line.
  const child = spawn(
    process.execPath,
    [MAIN, ...fresh(), '--otlp-http-port', '0', '--otlp-grpc-port', '0'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, OTEL_LAB_HTTP_PORT: String(httpPort) },
    },
  );
  child.stdout.destroy();
  const exited = once(child, 'exit');
  try {
    let ready = false;
    for (let i = 0; i < 200 && !ready && child.exitCode === null; i++) {
      ready = await fetch(`http://127.0.0.1:${httpPort}/-/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (!ready) await sleep(50);
    }
    assert.ok(ready, `the backend answers /-/ready (exit code ${child.exitCode})`);
    // Every start-up line has been written (and failed) by the time it is ready.
    await sleep(200);
    assert.equal(child.exitCode, null, 'still running after its log writes failed');
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
