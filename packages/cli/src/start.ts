import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isPortFree } from './port-check.js';
import { type ManagedProcess, startProcess, stopAll, waitUntilReady } from './supervisor.js';

const HELP = `Usage: npm start -- [options]

Starts the lab: payment-service, then demo-app (which calls it), each waiting for the one before
to be ready. Log lines are prefixed with the process name. Ctrl-C stops everything cleanly.

Options:
  --demo-app-port PORT   demo-app's port (default 8080, env DEMO_APP_PORT)
  --payment-port PORT    payment-service's port (default 8081, env PAYMENT_PORT)
  -h, --help             show this help

The services export OTLP to OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318); every
standard OTEL_* variable set here is passed on to them.`;

const root = join(__dirname, '..', '..', '..');

function parsePort(name: string, raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--${name} must be a port number from 1 to 65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'demo-app-port': { type: 'string', default: process.env.DEMO_APP_PORT ?? '8080' },
      'payment-port': { type: 'string', default: process.env.PAYMENT_PORT ?? '8081' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const demoPort = parsePort('demo-app-port', values['demo-app-port']);
  const paymentPort = parsePort('payment-port', values['payment-port']);
  for (const [flag, port] of [
    ['--payment-port', paymentPort],
    ['--demo-app-port', demoPort],
  ] as const) {
    if (!(await isPortFree(port))) {
      console.error(
        `port ${port} is already in use: stop what holds it, or pick another with ${flag}`,
      );
      return 1;
    }
  }

  const started: ManagedProcess[] = [];
  // One stop, however many signals arrive; everyone who asks waits for the same one.
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      console.log(
        '\nstopping: demo-app, then payment-service (telemetry is flushed on the way out)',
      );
      await stopAll([...started].reverse());
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));

  try {
    const payment = startProcess(
      'payment-service',
      join(root, 'payment-service', 'dist', 'main.js'),
      { ...process.env, PORT: String(paymentPort) },
      0,
    );
    started.push(payment);
    await waitUntilReady(payment, `http://127.0.0.1:${paymentPort}/health`, 20_000);

    const demo = startProcess(
      'demo-app',
      join(root, 'demo-app', 'dist', 'main.js'),
      {
        ...process.env,
        PORT: String(demoPort),
        PAYMENT_SERVICE_URL: `http://127.0.0.1:${paymentPort}`,
      },
      1,
    );
    started.push(demo);
    await waitUntilReady(demo, `http://127.0.0.1:${demoPort}/health`, 20_000);
  } catch (error) {
    console.error(`cannot start the lab: ${(error as Error).message}`);
    await stop();
    return 1;
  }

  console.log(`
The lab is running:
  demo-app          http://localhost:${demoPort}   (POST /api/orders, GET /api/products, /metrics)
  payment-service   http://localhost:${paymentPort}   (POST /api/charge, /metrics)
Try: curl -X POST http://localhost:${demoPort}/api/orders
Press Ctrl-C to stop.
`);
  const firstExit = await Promise.race(
    started.map((managed) => managed.exited.then(() => managed)),
  );
  if (stopping) {
    await stopping;
    return 0;
  }
  console.error(`${firstExit.name} stopped unexpectedly; stopping the rest`);
  await stop();
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(2);
  },
);
