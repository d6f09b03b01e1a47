import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './service-process.js';

/** A Prometheus-family server (Prometheus, Alertmanager) running on a loopback port. */
export interface PrometheusFamilyProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `bin` with `args` plus `--web.listen-address` on a free loopback port, and resolves once
 * it answers /-/ready (at most 30 s); its stderr's tail goes into the errors. `name` is for them.
 */
export async function startPrometheusFamilyProcess(
  name: string,
  bin: string,
  args: readonly string[],
): Promise<PrometheusFamilyProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(bin, [...args, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready after 30 s: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
