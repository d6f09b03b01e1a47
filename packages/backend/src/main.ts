import { once } from 'node:events';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { accessToken, createAccessGate } from './access/access-token.js';
import { BACKEND_HELP, type BackendConfig, parseBackendArgs } from './config.js';
import {
  EXPORT_HELP,
  IMPORT_HELP,
  runExport,
  runImport,
  runOpenMetricsImport,
} from './file-commands.js';
import { registerMcpApi } from './mcp/mcp-api.js';
import { createScrapeManager } from './metrics/scrape-manager.js';
import { registerExportApi } from './query/export/export-api.js';
import { registerJaegerApi } from './query/jaeger/jaeger-api.js';
import { registerJaegerApiV3 } from './query/jaeger-v3/api-v3.js';
import { registerLokiApi } from './query/loki/loki-api.js';
import { createDashboardFolder } from './query/native/dashboards.js';
import { registerDashboardsApi } from './query/native/dashboards-api.js';
import { registerLogsApi } from './query/native/logs-api.js';
import { registerTraceSearchApi } from './query/native/search-api.js';
import { registerServiceMapApi } from './query/native/service-map-api.js';
import { registerPrometheusApi } from './query/prometheus/prometheus-api.js';
import { createQueryPool } from './query/prometheus/query-pool.js';
import { createSeriesSource } from './query/prometheus/series-source.js';
import { type RetentionReport, registerStatusApi } from './query/status-api.js';
import { registerTempoApi, tempoTraceProtobufRoute } from './query/tempo/tempo-api.js';
import { createDecodeWorker } from './receive/decode-pool.js';
import { registerImportApi } from './receive/import-api.js';
import { ImportError } from './receive/import-otlp-json.js';
import { createIngestBudget } from './receive/ingest-budget.js';
import { bindGrpc, createOtlpGrpcServer } from './receive/otlp-grpc.js';
import { createOtlpHttpHandler } from './receive/otlp-http.js';
import { createAlertmanagerNotifier } from './rules/notify/index.js';
import { runTestRulesCommand } from './rules/unit-test/test-rules-command.js';
import {
  createRuleEvaluation,
  loadStartRules,
  RuleFilesError,
  setUpRuleReload,
} from './rules-setup.js';
import {
  loadScrapeConfig,
  ScrapeConfigError,
  SELF_SCRAPE_JOB,
  selfAddress,
  withSelfScrape,
} from './scrape-setup.js';
import { registerMetricsApi } from './self-metrics/metrics-api.js';
import { createSelfMetrics } from './self-metrics/self-metrics.js';
import { createHostPolicy } from './serve/host-policy.js';
import { createHttpServer } from './serve/http-server.js';
import { isLoopback } from './serve/loopback.js';
import { createMachineNames } from './serve/machine-names.js';
import { createOtlpPortHandler } from './serve/otlp-port.js';
import { createQueryPortHandler } from './serve/query-port.js';
import { createQueryRouter } from './serve/query-router.js';
import { StorageVersionError } from './storage/schema.js';
import { openTelemetryStore, StorageOpenError } from './storage/telemetry-store.js';
import { createUiHandler } from './ui/serve-ui.js';

function log(message: string): void {
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), pid: process.pid, name: 'backend', msg: message })}\n`,
  );
}

async function listen(server: Server, port: number, host: string, what: string): Promise<number> {
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StartError(
      code === 'EADDRINUSE'
        ? `${what} port ${port} is already in use: stop what holds it or pick another port`
        : `cannot listen for ${what} on ${host}:${port}: ${(error as Error).message}`,
    );
  }
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

class StartError extends Error {}

/** `work`, or nothing once `ms` have passed. */
function withinMs(work: Promise<void> | undefined, ms: number): Promise<void> {
  if (!work) return Promise.resolve();
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
    void work.finally(resolve);
  });
}

/** How often telemetry past --retention, or over --max-disk, is deleted. */
const RETENTION_INTERVAL_MS = 10_000;

/** The largest file POST /api/import takes, after decompression. */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

async function run(config: BackendConfig): Promise<void> {
  // A reader of the logs that goes away (`npm run backend | head`) must not stop the backend:
  // the writes then fail with EPIPE, and only the log lines are lost.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  // A bad scrape configuration stops the start before anything is opened.
  const scrapeConfig = loadScrapeConfig(config);
  for (const warning of scrapeConfig.warnings) log(`scrape config: ${warning}`);
  // So does a bad rule file (--rules).
  const ruleGroups = await loadStartRules(config.rules);
  const rulesLoadedAt = Date.now();
  const rules = createRuleEvaluation();
  const store = await openTelemetryStore({
    dataDir: config.dataDir,
    memoryLimitBytes: config.dbMemoryBytes,
  });
  const decoder = createDecodeWorker({
    spanMetrics: {
      flushIntervalMs: config.spanMetricsIntervalMs,
      onSamples: (batch) =>
        store
          .writeSamples(batch)
          .catch((error: Error) => log(`span metrics not stored: ${error.message}`)),
    },
  });
  // One budget for the request bytes OTLP/HTTP, OTLP/gRPC and /api/import hold at once.
  const ingestBudget = createIngestBudget(config.maxIngestMemoryBytes);
  // The backend's own metrics (/metrics), which it scrapes too, as job otel-lab.
  const selfMetrics = createSelfMetrics({
    source: store,
    maxDiskBytes: config.maxDiskBytes,
    ingestMemory: ingestBudget,
    targets: () => scraper.targets(),
    onError: (error) => log(`self metrics: ${(error as Error).message}`),
  });
  const scraped = selfMetrics.receivers.sink(store, 'scrape', true);
  const scraper = createScrapeManager(scrapeConfig.config, {
    sink: { append: (batch) => scraped.writeSamples(batch) },
    onSinkError: (error, target) =>
      log(`scrape of ${target.scrapeUrl} not stored: ${(error as Error).message}`),
    onScrape: selfMetrics.scrapes,
  });
  const otlp = createHttpServer(
    createOtlpPortHandler(
      createOtlpHttpHandler({
        sink: store,
        decoder,
        budget: ingestBudget,
        maxBodyBytes: config.maxBodyBytes,
        onError: (error) => log(`storage error: ${(error as Error).message}`),
        corsOrigins: config.corsOrigins,
        observer: selfMetrics.receivers,
      }),
      log,
      config.corsOrigins,
    ),
  );
  // The query port's one route table: each API registers its routes (serve/query-router.ts).
  const router = createQueryRouter();
  registerJaegerApi(router, store.readers, {
    onError: (error) => log(`query error: ${(error as Error).message}`),
    protobufTrace: tempoTraceProtobufRoute(store.readers, {
      onError: (error) => log(`query error: ${(error as Error).message}`),
    }),
  });
  registerTempoApi(router, store.readers, {
    onError: (error) => log(`query error: ${(error as Error).message}`),
  });
  registerJaegerApiV3(router, store.readers, {
    onError: (error) => log(`query error: ${(error as Error).message}`),
  });
  const retention: RetentionReport = { deleted: {} };
  const applyRetention = async () => {
    const eviction = await store.evict({
      maxAgeMs: config.retentionMs,
      maxDiskBytes: config.maxDiskBytes,
    });
    retention.lastRunAt = new Date().toISOString();
    for (const [table, count] of Object.entries(eviction.deleted)) {
      retention.deleted[table] = (retention.deleted[table] ?? 0) + count;
    }
    if (eviction.reason !== 'none') {
      retention.lastEviction = { at: retention.lastRunAt, reason: eviction.reason };
      const why = {
        age: 'older than --retention',
        disk: 'the oldest, over --max-disk',
        'age+disk': 'older than --retention, then the oldest over --max-disk',
      }[eviction.reason];
      log(`retention: deleted ${JSON.stringify(eviction.deleted)}, ${why}`);
    }
  };
  await applyRetention();
  const retentionTimer = setInterval(
    () => void applyRetention().catch((error: Error) => log(`retention failed: ${error.message}`)),
    RETENTION_INTERVAL_MS,
  );
  retentionTimer.unref();
  registerStatusApi(
    router,
    store,
    config,
    new Date(),
    () => retention,
    (error) => log(`status error: ${(error as Error).message}`),
    ingestBudget,
  );
  // The names the query port answers to (checked in Host where no token is asked, and in
  // Origin); beyond loopback the machine's host name and addresses are among them.
  const hosts = createHostPolicy(
    config.allowedHosts,
    config.bind,
    isLoopback(config.bind) ? undefined : createMachineNames(),
  );
  registerLogsApi(router, store.reader, {
    onError: (error) => log(`query error: ${(error as Error).message}`),
  });
  registerLokiApi(router, store.reader, {
    queryTimeoutMs: config.queryTimeoutMs,
    onError: (error) => log(`query error: ${(error as Error).message}`),
  });
  registerDashboardsApi(
    router,
    createDashboardFolder(config.dashboardsDir || join(__dirname, '..', '..', '..', 'dashboards')),
  );
  registerServiceMapApi(router, store.reader, {
    onError: (error) => log(`query error: ${(error as Error).message}`),
  });
  registerTraceSearchApi(router, store.reader, {
    onError: (error) => log(`query error: ${(error as Error).message}`),
  });
  registerExportApi(router, store.readers, {
    onError: (error) => log(`export error: ${(error as Error).message}`),
  });
  registerImportApi(router, store, {
    maxBytes: MAX_IMPORT_BYTES,
    budget: ingestBudget,
    onError: (error) => log(`import error: ${(error as Error).message}`),
    hosts,
    observer: selfMetrics.receivers,
  });
  registerMetricsApi(router, selfMetrics.registry);
  // What PromQL reads, for the API's queries and the rules' alike.
  const series = createSeriesSource(store.readers, store.metrics.series, {
    recent: store.metrics.recent,
  });
  const queryLimits = { timeoutMs: config.queryTimeoutMs, maxSamples: config.queryMaxSamples };
  // One pool of PromQL workers, for the Prometheus API and the agents' query_promql alike.
  const promql = createQueryPool({ source: series });
  registerPrometheusApi(router, {
    source: series,
    runner: promql,
    queryLimits,
    connection: store.reader,
    metadata: store.metrics.metadata,
    targets: () => scraper.targets(),
    rules: rules.view,
    onError: (error) => log(`query error: ${(error as Error).message}`),
    hosts,
  });
  // Tools for AI agents over the Model Context Protocol, behind the same Host check and token.
  registerMcpApi(
    router,
    {
      readers: store.readers,
      reader: store.reader,
      rules: rules.view,
      metrics: { runner: promql, limits: queryLimits, metadata: store.metrics.metadata },
      logQueryTimeoutMs: config.queryTimeoutMs,
    },
    { log },
  );
  setUpRuleReload({
    patterns: config.rules,
    apply: (groups) => rules.update(groups),
    loadedAt: rulesLoadedAt,
    router,
    hosts,
    registry: selfMetrics.registry,
    log,
  });
  // Beyond loopback, the UI and query APIs are for whoever has the token printed below.
  const gated = !config.allowAnonymous && !isLoopback(config.bind);
  const token = gated ? accessToken(process.env) : '';
  const gate = gated ? createAccessGate(token) : undefined;
  // The UI's build output (npm run build at the root): packages/ui/dist/web beside this package.
  const ui = createUiHandler({ root: join(__dirname, '..', '..', 'ui', 'dist', 'web') });
  const query = createHttpServer(
    createQueryPortHandler({
      router,
      // The UI for what no API route takes, so its fallback to index.html never hides an API
      // path; then 404.
      routes: [ui],
      gate,
      // Where no token guards the port, a rebound page would read it: Host must name this machine.
      hosts: gate ? undefined : hosts,
      log,
      observe: selfMetrics.requests,
    }),
  );
  const grpc = createOtlpGrpcServer({
    decoder,
    sink: store,
    budget: ingestBudget,
    maxBodyBytes: config.maxBodyBytes,
    onError: (error) => log(`storage error: ${(error as Error).message}`),
    observer: selfMetrics.receivers,
  });
  const otlpPort = await listen(otlp, config.otlpHttpPort, config.bind, 'OTLP/HTTP');
  const grpcPort = await bindGrpc(grpc, config.bind, config.otlpGrpcPort).catch((error: Error) => {
    throw new StartError(`${error.message} (is port ${config.otlpGrpcPort} already in use?)`);
  });
  const queryPort = await listen(query, config.httpPort, config.bind, 'HTTP');
  const self = selfAddress(config.bind, queryPort);
  const withSelf = withSelfScrape(scrapeConfig.config, {
    address: self,
    intervalMs: config.selfScrapeIntervalMs,
    bearerToken: gated ? token : undefined,
  });
  await scraper.reload(withSelf);
  // Alerts due go to the Alertmanagers (--alertmanager-url); handing them over never waits.
  const notifier =
    config.alertmanagerUrls.length > 0
      ? createAlertmanagerNotifier({
          urls: config.alertmanagerUrls,
          registry: selfMetrics.registry,
          log: (message) => log(`alertmanager: ${message}`),
        })
      : undefined;
  // Rules query as the API does and write as any sample is written.
  await rules
    .start(
      {
        sender: notifier,
        storage: series,
        sink: { append: (batch) => store.writeSamples(batch) },
        defaultIntervalMs: config.evaluationIntervalMs,
        externalUrl: config.externalUrl || `http://${self}`,
        queryLimits: { timeoutMs: config.queryTimeoutMs, maxSamples: config.queryMaxSamples },
        registry: selfMetrics.registry,
      },
      ruleGroups,
    )
    .catch((error: Error) => {
      throw new StartError(`cannot start the rules: ${error.message}`);
    });
  scraper.start();
  log(
    `OTLP/HTTP receiving on http://${config.bind}:${otlpPort} (/v1/traces, /v1/metrics, /v1/logs)`,
  );
  log(`OTLP/gRPC receiving on ${config.bind}:${grpcPort}`);
  log(
    `query API on http://${config.bind}:${queryPort} (Jaeger /api/services, /api/traces, /api/dependencies, /api/v3/*; Prometheus /api/v1/query, /api/v1/query_range, /api/v1/series, /api/v1/labels, /api/v1/metadata, /api/v1/targets, /api/v1/query_exemplars, /api/v1/rules, /api/v1/alerts; Loki /loki/api/v1/query, /loki/api/v1/query_range, /loki/api/v1/labels, /loki/api/v1/label/NAME/values, /loki/api/v1/series, /loki/api/v1/index/stats, /loki/api/v1/detected_fields; /api/logs; /api/status, /-/ready, /-/reload)`,
  );
  if (gated) {
    log(
      `listening beyond loopback: the UI and query APIs need the access token. Open http://${config.bind}:${queryPort}/?token=${token} or send "Authorization: Bearer ${token}" (--allow-anonymous turns this off)`,
    );
  } else if (!isLoopback(config.bind)) {
    log(
      `listening beyond loopback with --allow-anonymous: the UI and query APIs ask no token and answer only requests whose Host is ${hosts.names().join(', ')}, so that web pages cannot read them through DNS rebinding (--allowed-hosts adds names)`,
    );
  }
  log(`web UI on http://${config.bind}:${queryPort}/search`);
  log(`scraping ${scrapeConfig.origin}`);
  if (withSelf !== scrapeConfig.config) {
    log(`scraping its own http://${self}/metrics as job ${SELF_SCRAPE_JOB}`);
  }
  log(`data in ${config.dataDir}`);
  if (config.rules.length > 0) {
    log(
      `rules: ${ruleGroups.length} groups from ${config.rules.join(', ')} (SIGHUP or POST /-/reload reloads them)`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(
      `${signal}: receivers, scrapes and rule evaluations stop first, span metrics flush, then storage closes, so nothing acknowledged is lost`,
    );
    const http = new Promise<void>((resolve) => otlp.close(() => resolve()));
    const calls = new Promise<void>((resolve) => grpc.tryShutdown(() => resolve()));
    otlp.closeIdleConnections();
    // The last alerts evaluation handed over get one try at their Alertmanagers, within the
    // time left before the forced exit.
    const alerts = rules.stop().then(() => withinMs(notifier?.stop(), 2500));
    void Promise.all([http, calls, scraper.stop(), alerts])
      .then(() => decoder.close())
      .finally(() => {
        query.close();
        store.close();
        process.exit(0);
      });
    setTimeout(() => process.exit(1), 4500).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** Errors whose message says all a person needs; anything else is a bug and shows its stack. */
function report(error: unknown): never {
  const known =
    error instanceof StartError ||
    error instanceof StorageOpenError ||
    error instanceof StorageVersionError ||
    error instanceof ScrapeConfigError ||
    error instanceof RuleFilesError ||
    error instanceof ImportError ||
    (error as NodeJS.ErrnoException).code === 'ENOENT';
  process.stderr.write(`${known ? (error as Error).message : (error as Error).stack}\n`);
  process.exit(1);
}

/** Takes `--name value` and `--name=value` out of `args`, for a subcommand's own options. */
function takeOption(args: string[], name: string): string | null {
  const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at === -1) return null;
  const arg = args[at] ?? '';
  const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
  const value = inline ?? args[at + 1] ?? null;
  args.splice(at, inline === undefined ? 2 : 1);
  return value;
}

const argv = process.argv.slice(2);
const command = argv[0] === 'import' || argv[0] === 'export' ? argv[0] : undefined;
const rest = command ? argv.slice(1) : argv;
const openMetrics = command === 'import' ? takeOption(rest, 'openmetrics') : null;
const file = command === 'import' && rest[0] && !rest[0].startsWith('-') ? rest.shift() : undefined;
const exportOptions =
  command === 'export'
    ? {
        start: takeOption(rest, 'start'),
        end: takeOption(rest, 'end'),
        out: takeOption(rest, 'out'),
      }
    : undefined;
const parsed = parseBackendArgs(rest, process.env);
if (argv[0] === 'test' && argv[1] === 'rules') {
  // promtool's `test rules`: its own arguments, output and exit codes.
  runTestRulesCommand(argv.slice(2)).then((code) => process.exit(code), report);
} else if ('help' in parsed) {
  const help =
    command === 'import' ? IMPORT_HELP : command === 'export' ? EXPORT_HELP : BACKEND_HELP;
  process.stdout.write(`${help}\n`);
} else if ('errors' in parsed || (command === 'import' && !file && !openMetrics)) {
  const errors = 'errors' in parsed ? parsed.errors : ['import needs a FILE'];
  for (const error of errors) process.stderr.write(`${error}\n`);
  process.stderr.write('Run with --help for the options.\n');
  process.exit(2);
} else if (command === 'import' && openMetrics) {
  runOpenMetricsImport(openMetrics, parsed.config.dataDir).catch(report);
} else if (command === 'import' && file) {
  runImport(file, parsed.config.dataDir).catch(report);
} else if (exportOptions) {
  runExport(parsed.config.dataDir, exportOptions).catch(report);
} else {
  run(parsed.config).catch(report);
}
