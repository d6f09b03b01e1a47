import { join } from 'node:path';
import { BACKEND_HELP } from '@otel-lab/backend/config';
import { parseLabArgs } from './lab-args.js';
import { labProcesses, reachable } from './lab-processes.js';
import { chooseLogFormat, createLinePrinter } from './log-printer.js';
import { isPortFree } from './port-check.js';
import { type ManagedProcess, startProcess, stopAll, waitUntilReady } from './supervisor.js';

const HELP = `Usage: npm start -- [options]

Starts the lab: the embedded backend, payment-service and demo-app (which calls it), all at
once, with both services exporting their telemetry to the backend. In a terminal, their log
lines read "12:30:01 INFO  demo-app: order created order.id=o-12 trace_id=4bf92f35…"; piped
(or with --json-logs) they are the processes' JSON lines, each after its process's name.
Ctrl-C (or SIGTERM, or closing the terminal) stops everything cleanly, callers first, so every
span and log is flushed into the backend before it stops. If the launcher itself is killed,
each process stops on its own within 2 s; if its output is closed (npm start | head), the
launcher stops the lab at the next line it writes.

Lab options:
  --demo-app-port PORT   demo-app's port (default 8080, env DEMO_APP_PORT)
  --payment-port PORT    payment-service's port (default 8081, env PAYMENT_PORT)
  --json-logs            log lines as the processes write them (JSON), even in a terminal
  -h, --help             show this help

The backend scrapes both services' /metrics at the ports above (the launcher sets its
OTEL_LAB_DEMO_APP_URL and OTEL_LAB_PAYMENT_URL; --demo-app-url or --payment-url still win).
It evaluates the lab's recording and alerting rules, infrastructure/rules/lab.rules.yml; a
--rules of your own adds files to them.

Every option of the backend works here too:

${BACKEND_HELP}

The standard OTEL_* variables set here are passed on to the services.`;

const root = join(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const args = parseLabArgs(process.argv.slice(2), process.env);
  if ('help' in args) {
    console.log(HELP);
    return 0;
  }
  if ('errors' in args) {
    for (const error of args.errors) console.error(error);
    console.error('Run npm start -- --help for the options.');
    return 2;
  }
  const { backend, demoPort, paymentPort } = args;
  if (backend.httpPort === 0 || backend.otlpHttpPort === 0) {
    console.error(
      'npm start needs fixed backend ports: the services must know where to send telemetry',
    );
    return 2;
  }
  for (const [flag, port] of [
    ['--otlp-http-port', backend.otlpHttpPort],
    ['--otlp-grpc-port', backend.otlpGrpcPort],
    ['--http-port', backend.httpPort],
    ['--payment-port', paymentPort],
    ['--demo-app-port', demoPort],
  ] as const) {
    if (port !== 0 && !(await isPortFree(port))) {
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
        '\nstopping: demo-app, payment-service, then the backend (telemetry is flushed on the way)',
      );
      await stopAll([...started].reverse());
    })();
    return stopping;
  };
  const stopAndExit = () => void stop().then(() => process.exit(0));
  // Ctrl-C, a kill, the terminal closing: the same ordered stop. (SIGKILL and crashes give the
  // launcher no say; each child then stops itself, see supervised-child.ts.)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stopAndExit);
  // Nobody reads the lab any more (`npm start | head`, a killed `tee`, a closed terminal): the next
  // write fails (EPIPE, EIO). Stop rather than crash or run on unseen.
  process.stdout.on('error', stopAndExit);
  process.stderr.on('error', () => {});

  const processes = labProcesses(args, root, process.env);
  const format = chooseLogFormat(process.stdout.isTTY === true, args.jsonLogs);
  const toLine = createLinePrinter({ format, colour: process.stdout.isTTY === true });
  try {
    for (const [index, spec] of processes.entries()) {
      const print = (line: string) => process.stdout.write(`${toLine(spec.name, index, line)}\n`);
      started.push(startProcess(spec.name, spec.script, spec.env, spec.args, print));
    }
    await Promise.all(
      processes.map((spec, index) =>
        waitUntilReady(started[index] as ManagedProcess, spec.readyUrl, spec.readyTimeoutMs),
      ),
    );
  } catch (error) {
    // Stopped while starting (Ctrl-C, stdout closed): not a failure to report.
    if (stopping) {
      await stopping;
      return 0;
    }
    console.error(`cannot start the lab: ${(error as Error).message}`);
    await stop();
    return 1;
  }

  const host = reachable(backend.bind);
  const otlpEndpoint = `http://${host}:${backend.otlpHttpPort}`;
  console.log(`
The lab is running:
  demo-app          http://localhost:${demoPort}   (POST /api/orders, GET /api/products, /metrics)
  payment-service   http://localhost:${paymentPort}   (POST /api/charge, /metrics)
  backend           http://${host}:${backend.httpPort}   (/api/status, Prometheus /api/v1/*, Loki /loki/api/v1/*, Jaeger /api/traces)  OTLP in: ${otlpEndpoint}
  web UI            http://${host}:${backend.httpPort}/search
Try: curl -X POST http://localhost:${demoPort}/api/orders (or npm run traffic), then open the web UI
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
