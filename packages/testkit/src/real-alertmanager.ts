import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPrometheusFamilyProcess } from './prometheus-family-process.js';

/** Debian's prometheus-alertmanager package (0.25) puts its binaries here; the env overrides. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';
export const AMTOOL_BIN = process.env.AMTOOL_BIN ?? '/usr/bin/amtool';

export interface RealAlertmanager {
  /** http://127.0.0.1:PORT, the base URL a notifier posts to. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Alertmanager with `config` (YAML) on a free loopback port, clustering off, its state in
 * `dir`; resolves once it answers /-/ready (at most 30 s).
 */
export async function startRealAlertmanager(options: {
  dir: string;
  config: string;
}): Promise<RealAlertmanager> {
  const storage = join(options.dir, 'data');
  mkdirSync(storage, { recursive: true });
  const configFile = join(options.dir, 'alertmanager.yml');
  writeFileSync(configFile, options.config);
  // An empty cluster address turns the gossip cluster off: one lone instance, no ports of its own.
  return startPrometheusFamilyProcess('alertmanager', ALERTMANAGER_BIN, [
    `--config.file=${configFile}`,
    `--storage.path=${storage}`,
    '--cluster.listen-address=',
  ]);
}
