import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ORPHAN_STOP_BUDGET_MS } from './orphan-stop.js';

const SUPERVISED_CHILD = join(__dirname, 'supervised-child.js');

// A child that writes all the time, as a busy service logs; `onTerm` is its SIGTERM handler.
const childScript = (onTerm: string) => `
  process.on('SIGTERM', () => { ${onTerm} });
  setInterval(() => process.stdout.write('tick\\n'), 5);
`;

const CASES = [
  {
    name: 'stops through its own SIGTERM handler (its graceful stop)',
    onTerm: 'process.stderr.write("graceful\\n"); process.exit(0);',
    code: 0,
  },
  {
    name: 'exits anyway when its graceful stop hangs',
    onTerm: '/* a stop that never finishes */',
    code: 1,
  },
];

for (const { name, onTerm, code } of CASES) {
  test(`a child whose launcher is gone ${name}; EPIPE never crashes it`, {
    timeout: 10_000,
  }, async () => {
    const child = spawn(
      process.execPath,
      ['--require', SUPERVISED_CHILD, '-e', childScript(onTerm)],
      {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    const { stdout, stderr: errors } = child as unknown as { stdout: Readable; stderr: Readable };
    let stderr = '';
    errors.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = once(child, 'exit');
    try {
      await once(stdout, 'data');
      // Nobody reads its stdout any more: every write now fails with EPIPE.
      stdout.destroy();
      await sleep(300);
      assert.equal(child.exitCode, null, `the child crashed on EPIPE:\n${stderr}`);

      const goneAt = Date.now();
      child.disconnect();
      const [exitCode] = await exited;
      assert.equal(exitCode, code, stderr);
      assert.ok(Date.now() - goneAt < ORPHAN_STOP_BUDGET_MS + 1000, 'the stop is bounded');
      if (code === 0) assert.match(stderr, /graceful/);
    } finally {
      child.kill('SIGKILL');
    }
  });
}
