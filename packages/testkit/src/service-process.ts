import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port the OS says is free right now, on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The environment for a lab service exporting to `otlpHttpUrl`: this process's variables without
 * any OTEL_* of the caller's shell, spans and logs flushed within 50 ms so tests see them soon.
 */
export function exportingServiceEnv(otlpHttpUrl: string): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_'))),
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpUrl,
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_BLRP_SCHEDULE_DELAY: '50',
  };
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr apart. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

export interface StartServiceOptions {
  /** The compiled entry point, e.g. demo-app/dist/main.js. */
  script: string;
  env: NodeJS.ProcessEnv;
  /**
   * Omitted: the service binds port 0 and the port is read from its "listening on" log line, so
   * no other process can take the port between choosing and binding it.
   */
  port?: number;
  readyPath?: string;
  timeoutMs?: number;
}

/** The URL from a service's `listening on http://localhost:N` log line, once it is written. */
function listeningUrl(output: string): string | undefined {
  const port = /listening on http:\/\/localhost:(\d+)/.exec(output)?.[1];
  return port ? `http://127.0.0.1:${port}` : undefined;
}

/** Starts a service as its own process and waits until its health endpoint answers. */
export async function startServiceProcess(options: StartServiceOptions): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [options.script], {
    env: { ...options.env, PORT: String(options.port ?? 0) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let url = options.port ? `http://127.0.0.1:${options.port}` : undefined;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${options.script} exited with ${child.exitCode}: ${err || out}`);
    }
    url ??= listeningUrl(out);
    try {
      if (url) {
        const response = await fetch(`${url}${options.readyPath ?? '/health'}`);
        if (response.ok) break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.script} was not ready within the timeout: ${err || out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    stdout: () => out,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return { code: child.exitCode, ms: 0 };
      const startedAt = Date.now();
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return { code, ms: Date.now() - startedAt };
    },
  };
}
