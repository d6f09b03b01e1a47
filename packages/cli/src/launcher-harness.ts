// Test helpers: the launcher (start.js) as a real process on free ports, with bounded waits.
import assert from 'node:assert/strict';
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@otel-lab/testkit';
import { isPortFree } from './port-check.js';

const START = join(__dirname, 'start.js');

export interface LabPorts {
  demo: number;
  payment: number;
  http: number;
  otlpHttp: number;
  otlpGrpc: number;
}

export async function labPorts(): Promise<LabPorts> {
  return {
    demo: await freePort(),
    payment: await freePort(),
    http: await freePort(),
    otlpHttp: await freePort(),
    otlpGrpc: await freePort(),
  };
}

/** The backend on free ports with its own data directory. */
export async function backendFlags(ports?: LabPorts): Promise<string[]> {
  return [
    '--otlp-http-port',
    String(ports?.otlpHttp ?? (await freePort())),
    '--http-port',
    String(ports?.http ?? (await freePort())),
    '--otlp-grpc-port',
    String(ports?.otlpGrpc ?? (await freePort())),
    '--data-dir',
    mkdtempSync(join(tmpdir(), 'lab-backend-')),
  ];
}

/** Every launcher flag for a lab on `ports`, with fresh data directories. */
export async function labFlags(ports: LabPorts): Promise<string[]> {
  return [
    ...(await backendFlags(ports)),
    '--demo-app-port',
    String(ports.demo),
    '--payment-port',
    String(ports.payment),
  ];
}

export interface LauncherRun {
  child: ChildProcessByStdio<null, Readable, Readable>;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  output: () => string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Node options before start.js (a test may load a module into the launcher). */
  nodeArgs?: string[];
  /** A process group of its own, so that a test can signal the group as a terminal does. */
  detached?: boolean;
}

export function runStart(args: string[], options: RunOptions = {}): LauncherRun {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), START, ...args], {
    env: {
      ...process.env,
      LATENCY_SCALE: '0',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'lab-start-')),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
  }
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => output };
}

/** Waits until the launcher's output matches `pattern`; fails with the output if it does not. */
export async function waitForOutput(run: LauncherRun, pattern: RegExp, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    assert.ok(Date.now() < deadline, `no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    assert.equal(run.child.exitCode, null, run.output());
    await sleep(50);
  }
}

/**
 * A lab started on free ports, once it says it is running. A free port is only free when it is
 * picked: another process (a test running beside this one) may take it before the lab binds it,
 * so a start that fails on a port in use is tried again on fresh ports, twice at most.
 */
export async function startRunningLab(
  options: RunOptions = {},
): Promise<{ ports: LabPorts; run: LauncherRun }> {
  for (let attempt = 1; ; attempt++) {
    const ports = await labPorts();
    const run = runStart(await labFlags(ports), options);
    try {
      await waitForOutput(run, /The lab is running/, 30_000);
      return { ports, run };
    } catch (error) {
      if (attempt >= 3 || !/already in use/.test(run.output())) {
        killLeftovers(run, loggedPids(run.output()));
        throw error;
      }
      await run.exited;
    }
  }
}

/** Polls until every port is free; returns the ports still held when `timeoutMs` is up. */
export async function waitForPortsFree(ports: LabPorts, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held: number[] = [];
    for (const port of Object.values(ports)) if (!(await isPortFree(port))) held.push(port);
    if (held.length === 0 || Date.now() >= deadline) return held;
    await sleep(50);
  }
}

/** The pids the lab's processes log (every JSON log line carries one). */
export function loggedPids(output: string): number[] {
  return [...new Set([...output.matchAll(/"pid":(\d+)/g)].map((match) => Number(match[1])))];
}

/** True while `pid` runs; an exited child not yet reaped by its new parent (a zombie) is gone. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true; // no /proc: kill(0) is all we know
  try {
    // /proc/PID/stat: "pid (comm) state …"; comm may hold spaces, so read after its last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // gone since
  }
}

/** After a failed test, leaves no process behind: the lab's processes are detached from us. */
export function killLeftovers(run: LauncherRun, pids: number[]): void {
  run.child.kill('SIGKILL');
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
