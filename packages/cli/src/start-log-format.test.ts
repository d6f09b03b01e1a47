import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { labFlags, labPorts, waitForPortsFree } from './launcher-harness.js';

// util-linux's script(1) gives the launcher a terminal (a pty), as `npm start` in a shell has.
const SCRIPT = '/usr/bin/script';
const START = join(__dirname, 'start.js');
const noScript = existsSync(SCRIPT) ? false : `no ${SCRIPT} (apt-get install bsdutils)`;
if (noScript && process.env.OTEL_LAB_REQUIRE_ALL) {
  test(`${SCRIPT} is installed`, () => assert.fail(noScript));
}

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's colour codes.
const uncoloured = (text: string) => text.replace(/\u001b\[\d+m/g, '').replaceAll('\r', '');

/** The launcher's output in a terminal until the lab is running, then Ctrl-C typed. */
async function startInTerminal(extra: string[]): Promise<string> {
  const ports = await labPorts();
  const command = [process.execPath, START, ...(await labFlags(ports)), ...extra];
  const script = spawn(SCRIPT, ['-qfec', command.map(quote).join(' '), '/dev/null'], {
    env: { ...process.env, LATENCY_SCALE: '0' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  script.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(script, 'exit');
  try {
    for (let i = 0; i < 600 && !output.includes('Press Ctrl-C to stop'); i += 1) await sleep(50);
    assert.match(output, /Press Ctrl-C to stop/, output);
    script.stdin.write('\u0003');
    await Promise.race([exited, sleep(10_000)]);
    assert.deepEqual(await waitForPortsFree(ports, 2000), []);
    return uncoloured(output);
  } finally {
    script.kill('SIGKILL');
  }
}

test('in a terminal, log lines are readable: time, level, service, message, fields', {
  skip: noScript,
  timeout: 45_000,
}, async () => {
  const output = await startInTerminal([]);
  assert.match(
    output,
    /^\d\d:\d\d:\d\d INFO {2}demo-app: listening on http:\/\/localhost:\d+ port=\d+$/m,
  );
  assert.match(output, /^\d\d:\d\d:\d\d INFO {2}backend: OTLP\/HTTP receiving on /m);
  assert.match(output, /^\d\d:\d\d:\d\d INFO {2}demo-app: SIGTERM received/m);
  assert.doesNotMatch(output, /"level":30/, 'no JSON line');
});

test('in a terminal with --json-logs, log lines are the JSON lines, as when piped', {
  skip: noScript,
  timeout: 45_000,
}, async () => {
  const output = await startInTerminal(['--json-logs']);
  assert.match(output, /^demo-app\s+│ \{"level":30,.*"msg":"listening on http/m);
  assert.match(output, /^backend\s+│ \{"time":.*"msg":"OTLP\/HTTP receiving on /m);
});
