import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** The module each child loads first: it stops the child when the launcher is gone. */
const SUPERVISED_CHILD = join(__dirname, 'supervised-child.js');

/** Starts `script` with node, handing each line of its stdout and stderr to `print`. */
export function startProcess(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  args: string[],
  print: (line: string) => void,
): ManagedProcess {
  // Detached (a session of its own): the terminal's Ctrl-C and hang-up reach the launcher only,
  // which stops the services one after another, callers first. The IPC channel is how each child
  // learns that the launcher is gone, however it went (see supervised-child.ts).
  const child = spawn(process.execPath, ['--require', SUPERVISED_CHILD, script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', print);
  }
  // Resolve on exit, once the last output lines are written ('close'), but never wait on the
  // pipes for more than a second: a stuck pipe must not keep the lab from stopping.
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      const drained = setTimeout(() => resolve(code), 1000);
      child.once('close', () => {
        clearTimeout(drained);
        resolve(code);
      });
    }),
  );
  return { name, child, exited };
}

/** Polls `url` until it answers 2xx; fails if the process exits first or the time runs out. */
export async function waitUntilReady(
  process: ManagedProcess,
  url: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void process.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`${process.name} exited with code ${exitCode} while starting`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    // Short: the lab is ready when its last process is, and each poll costs little.
    await sleep(25);
  }
  throw new Error(`${process.name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** Stops processes one after another (callers first), each with SIGTERM then SIGKILL after 6 s. */
export async function stopAll(processes: ManagedProcess[]): Promise<void> {
  for (const managed of processes) {
    if (managed.child.exitCode !== null || managed.child.signalCode !== null) continue;
    managed.child.kill('SIGTERM');
    const killer = setTimeout(() => managed.child.kill('SIGKILL'), 6000);
    await managed.exited;
    clearTimeout(killer);
  }
}
