import { join } from 'node:path';
import type { LabArgs } from './lab-args.js';
import { BACKEND_ORPHAN_STOP_DELAY_MS, ORPHAN_STOP_DELAY_ENV } from './orphan-stop.js';

export interface LabProcess {
  name: string;
  script: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Answers 2xx once the process serves. */
  readyUrl: string;
  readyTimeoutMs: number;
}

/** A host to reach a server bound to `bind` from this machine. */
export const reachable = (bind: string) =>
  bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind;

/** The lab's recording and alerting rules, which the backend evaluates under `npm start`. */
export const labRulesFile = (root: string) =>
  join(root, 'infrastructure', 'rules', 'lab.rules.yml');

/**
 * The lab's processes, callees first: the launcher starts them all at once (none needs another to
 * start: the services' exporters retry until the backend listens) and stops them in reverse,
 * callers first, so that every span and log is flushed into a backend that still listens.
 */
export function labProcesses(args: LabArgs, root: string, env: NodeJS.ProcessEnv): LabProcess[] {
  const { backend, demoPort, paymentPort } = args;
  const host = reachable(backend.bind);
  const serviceEnv = {
    ...env,
    OTEL_EXPORTER_OTLP_ENDPOINT:
      env.OTEL_EXPORTER_OTLP_ENDPOINT ?? `http://${host}:${backend.otlpHttpPort}`,
  };
  return [
    {
      name: 'backend',
      script: join(root, 'packages', 'backend', 'dist', 'main.js'),
      // The lab's rules first; a --rules of the user's adds files to them.
      args: ['--rules', labRulesFile(root), ...args.backendArgs],
      env: {
        ...env,
        // The services' real ports, for the backend's default scrape configuration.
        OTEL_LAB_DEMO_APP_URL: `http://127.0.0.1:${demoPort}`,
        OTEL_LAB_PAYMENT_URL: `http://127.0.0.1:${paymentPort}`,
        [ORPHAN_STOP_DELAY_ENV]: String(BACKEND_ORPHAN_STOP_DELAY_MS),
      },
      readyUrl: `http://${host}:${backend.httpPort}/-/ready`,
      readyTimeoutMs: 30_000,
    },
    {
      name: 'payment-service',
      script: join(root, 'payment-service', 'dist', 'main.js'),
      args: [],
      env: { ...serviceEnv, PORT: String(paymentPort) },
      readyUrl: `http://127.0.0.1:${paymentPort}/health`,
      readyTimeoutMs: 20_000,
    },
    {
      name: 'demo-app',
      script: join(root, 'demo-app', 'dist', 'main.js'),
      args: [],
      env: {
        ...serviceEnv,
        PORT: String(demoPort),
        PAYMENT_SERVICE_URL: `http://127.0.0.1:${paymentPort}`,
      },
      readyUrl: `http://127.0.0.1:${demoPort}/health`,
      readyTimeoutMs: 20_000,
    },
  ];
}
