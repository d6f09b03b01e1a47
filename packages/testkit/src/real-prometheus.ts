import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './service-process.js';

const run = promisify(execFile);

/** Debian's prometheus package puts both binaries here; PROMETHEUS_BIN overrides. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

export const hasRealPrometheus = () => existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);

export interface RealPrometheus {
  url: string;
  /** GET /api/v1/<path> with query parameters; the parsed JSON body. */
  api(path: string, params: Record<string, string>): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus over `dir`: the OpenMetrics file backfilled with promtool, then the server on
 * a free loopback port with the given scrape configuration (none by default), ready to query.
 */
export async function startRealPrometheus(options: {
  dir: string;
  openMetrics?: string;
  config?: string;
}): Promise<RealPrometheus> {
  const data = join(options.dir, 'tsdb');
  mkdirSync(data, { recursive: true });
  if (options.openMetrics !== undefined) {
    const file = join(options.dir, 'backfill.om');
    writeFileSync(file, options.openMetrics);
    await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', file, data], {
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  const configFile = join(options.dir, 'prometheus.yml');
  writeFileSync(configFile, options.config ?? 'global:\n  scrape_interval: 15s\n');
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Backfilled blocks may be old; keep them however old they are.
      '--storage.tsdb.retention.time=100y',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prometheus not ready after 30 s: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async api(path, params) {
      const response = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
      return response.json();
    },
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
