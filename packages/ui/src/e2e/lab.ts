import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BackendProcess,
  exportingServiceEnv,
  freePort,
  type ServiceProcess,
  startBackendProcess,
  startServiceProcess,
} from '@otel-lab/testkit';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const UI_BUILD = join(ROOT, 'packages', 'ui', 'dist', 'web', 'index.html');

export interface Lab {
  backend: BackendProcess;
  demo: ServiceProcess;
  payment: ServiceProcess;
  stop(): Promise<void>;
}

/**
 * The lab for a browser test: the backend on a fresh data directory and both services exporting
 * to it (spans and logs flushed within 50 ms). With `scrapeEverySecond`, the backend scrapes both
 * services every second and writes span metrics every second.
 */
export async function startLab(options: {
  name: string;
  scrapeEverySecond?: boolean;
  serviceEnv?: Record<string, string>;
}): Promise<Lab> {
  assert.ok(existsSync(UI_BUILD), `${UI_BUILD} is missing: run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), `${options.name}-`));
  const args = ['--data-dir', join(dir, 'data')];
  let ports: { demo?: number; payment?: number } = {};
  if (options.scrapeEverySecond) {
    ports = { demo: await freePort(), payment: await freePort() };
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: demo-app
    static_configs:
      - targets: ['127.0.0.1:${ports.demo}']
  - job_name: payment-service
    static_configs:
      - targets: ['127.0.0.1:${ports.payment}']
`,
    );
    args.push('--scrape-config', config, '--span-metrics-interval', '1s');
  }
  const backend = await startBackendProcess(
    join(ROOT, 'packages', 'backend', 'dist', 'main.js'),
    args,
  );
  const env = { ...exportingServiceEnv(backend.otlpHttpUrl), ...options.serviceEnv };
  let payment: ServiceProcess | undefined;
  let demo: ServiceProcess;
  try {
    payment = await startServiceProcess({
      script: join(ROOT, 'payment-service', 'dist', 'main.js'),
      env,
      ...(ports.payment ? { port: ports.payment } : {}),
    });
    demo = await startServiceProcess({
      script: join(ROOT, 'demo-app', 'dist', 'main.js'),
      env: { ...env, PAYMENT_SERVICE_URL: payment.url, DATA_DIR: join(dir, 'shop') },
      ...(ports.demo ? { port: ports.demo } : {}),
    });
  } catch (error) {
    // A service that did not come up must not leave the backend running: the test process
    // would wait on it forever instead of reporting the failure.
    await payment?.stop();
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const started = payment;
  return {
    backend,
    demo,
    payment: started,
    async stop() {
      await Promise.all([demo.stop(), started.stop()]);
      await backend.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GETs `url` until `done` holds for its JSON; fails with the last answer after `timeoutMs`. */
export async function pollJson<T>(
  url: string,
  done: (body: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await fetch(url)).json()) as T;
    if (done(body)) return body;
    if (Date.now() > deadline) throw new Error(`${url} never ready: ${JSON.stringify(body)}`);
    await sleep(100);
  }
}
