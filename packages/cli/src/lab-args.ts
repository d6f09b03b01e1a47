import { type BackendConfig, parseBackendArgs } from '@otel-lab/backend/config';

export interface LabArgs {
  demoPort: number;
  paymentPort: number;
  /** The backend's own flags, passed on to it as given. */
  backendArgs: string[];
  backend: BackendConfig;
  /** JSON log lines even on a terminal. */
  jsonLogs: boolean;
}

const LAB_FLAGS = new Set(['--demo-app-port', '--payment-port']);
const LAB_SWITCHES = new Set(['--json-logs']);

function parsePort(flag: string, raw: string): number | string {
  const port = Number(raw);
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? port
    : `${flag} must be a port number from 1 to 65535, got ${JSON.stringify(raw)}`;
}

/**
 * Splits `npm start` arguments: --demo-app-port, --payment-port and --json-logs are the
 * launcher's, every other one is the backend's and is checked by the backend's own parser, so both agree.
 */
export function parseLabArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
): LabArgs | { help: true } | { errors: string[] } {
  const own: Record<string, string> = {
    '--demo-app-port': env.DEMO_APP_PORT ?? '8080',
    '--payment-port': env.PAYMENT_PORT ?? '8081',
  };
  const backendArgs: string[] = [];
  const errors: string[] = [];
  let jsonLogs = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (LAB_SWITCHES.has(arg)) {
      jsonLogs = true;
      continue;
    }
    const [flag = '', inline] = arg.split(/=(.*)/s, 2);
    if (!LAB_FLAGS.has(flag)) {
      backendArgs.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) errors.push(`${flag} needs a value`);
    else own[flag] = value;
  }
  const backend = parseBackendArgs(backendArgs, env);
  if ('help' in backend) return { help: true };
  if ('errors' in backend) errors.push(...backend.errors);
  const demoPort = parsePort('--demo-app-port', own['--demo-app-port'] ?? '');
  const paymentPort = parsePort('--payment-port', own['--payment-port'] ?? '');
  for (const port of [demoPort, paymentPort]) if (typeof port === 'string') errors.push(port);
  if (errors.length > 0 || !('config' in backend)) return { errors };
  return {
    demoPort: demoPort as number,
    paymentPort: paymentPort as number,
    backendArgs,
    backend: backend.config,
    jsonLogs,
  };
}
