import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BackendProcess {
  child: ChildProcess;
  /** The query port's base URL (Jaeger, Prometheus and native APIs). */
  queryUrl: string;
  otlpHttpUrl: string;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; the exit code. */
  stop(): Promise<number | null>;
}

/**
 * The embedded backend as a child process on ports the OS picks: `main` is its compiled entry
 * point (packages/backend/dist/main.js; testkit does not depend on the backend). Resolves once it
 * has logged its ports and answers /-/ready.
 */
export async function startBackendProcess(main: string, args: string[]): Promise<BackendProcess> {
  const child = spawn(
    process.execPath,
    [main, '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--http-port', '0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < 1_000_000) output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the backend exited: ${output}`);
    const queryUrl = /query API on (http:\/\/[^\s:]+:\d+)/.exec(output)?.[1];
    const otlpHttpUrl = /OTLP\/HTTP receiving on (http:\/\/[^\s:]+:\d+)/.exec(output)?.[1];
    if (queryUrl && otlpHttpUrl) {
      const ready = await fetch(`${queryUrl}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return { child, queryUrl, otlpHttpUrl, output: () => output, stop };
    }
    await sleep(50);
  }
  await stop();
  throw new Error(`the backend did not start within 30 s: ${output}`);
}
