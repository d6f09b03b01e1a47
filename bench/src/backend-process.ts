/**
 * The backend as its own process for a benchmark: fresh data directory, free loopback ports read
 * from its log, ready once /-/ready answers; stopped with SIGTERM (SIGKILL after 30 s) so it
 * checkpoints, and killed however the benchmark leaves.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const BACKEND_MAIN = join(__dirname, '..', '..', 'packages', 'backend', 'dist', 'main.js');

export interface BackendProcess {
  child: ChildProcess;
  otlpUrl: string;
  queryUrl: string;
  output: () => string;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** `cpuProfile`: a file for the V8 profile of the backend's main thread (cpu-profile-hook.ts). */
export async function startBackendProcess(
  dataDir: string,
  cpuProfile?: string,
): Promise<BackendProcess> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('OTEL_') && name !== 'NODE_OPTIONS' && name !== 'BENCH_CPU_PROFILE') {
      env[name] = value;
    }
  }
  if (cpuProfile) {
    env.NODE_OPTIONS = `--require ${join(__dirname, 'cpu-profile-hook.js')}`;
    env.BENCH_CPU_PROFILE = cpuProfile;
  }
  const ports = ['--otlp-http-port', '0', '--http-port', '0', '--otlp-grpc-port', '0'];
  const child = spawn(
    process.execPath,
    [BACKEND_MAIN, '--data-dir', dataDir, '--bind', '127.0.0.1', ...ports],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let out = '';
  const keep = (chunk: Buffer) => {
    if (out.length < 1_000_000) out += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the backend exited with ${child.exitCode}:\n${out}`);
    const otlp = /OTLP\/HTTP receiving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const query = /query API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (otlp && query) {
      const ready = await fetch(`${query}/-/ready`).catch(() => undefined);
      if (ready?.ok) return { child, otlpUrl: otlp, queryUrl: query, output: () => out };
    }
    await sleep(50);
  }
  throw new Error('the backend did not log its ports and answer /-/ready within 30 s');
}

export async function stopBackendProcess(backend: BackendProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => {
    if (backend.child.exitCode !== null) resolve(backend.child.exitCode);
    else backend.child.once('exit', (code) => resolve(code));
  });
  backend.child.kill('SIGTERM');
  const timer = setTimeout(() => backend.child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  children.delete(backend.child);
  return code;
}

/** Bytes of every file under `dir`. */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

/** CPU time (user + system, all threads) a process has used so far in ms, from /proc; NaN once gone. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
