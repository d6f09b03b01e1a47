import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startPrometheusFamilyProcess } from './prometheus-family-process.js';

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
  const server = await startPrometheusFamilyProcess('prometheus', PROMETHEUS_BIN, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${data}`,
    // Backfilled blocks may be old; keep them however old they are.
    '--storage.tsdb.retention.time=100y',
  ]);
  return {
    url: server.url,
    async api(path, params) {
      const response = await fetch(`${server.url}/api/v1/${path}?${new URLSearchParams(params)}`);
      return response.json();
    },
    stop: server.stop,
  };
}
