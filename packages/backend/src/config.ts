/** The backend's command line: each flag falls back to an OTEL_LAB_* variable, then a default. */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import {
  LIST_OPTIONS,
  type ListConfig,
  parseHttpBaseUrl,
  readListOptions,
} from './config-lists.js';
import { DEFAULT_QUERY_LIMITS } from './query/prometheus/query-limits.js';
import { LOOPBACK_ORIGINS, parseOriginList } from './serve/cors-origins.js';

/** The options that take a value. */
interface ValuedConfig {
  dataDir: string;
  otlpHttpPort: number;
  otlpGrpcPort: number;
  httpPort: number;
  bind: string;
  retentionMs: number;
  maxDiskBytes: number;
  maxBodyBytes: number;
  /** Request bytes ingest may hold at once (bodies read, decoded, waiting to be stored). */
  maxIngestMemoryBytes: number;
  /** Memory DuckDB may use for cached data and queries. */
  dbMemoryBytes: number;
  /** A prometheus.yml listing what to scrape; '' for the lab's two services. */
  scrapeConfigFile: string;
  /** Where demo-app and payment-service listen, for the default scrape configuration. */
  demoAppUrl: string;
  paymentUrl: string;
  /** How often span metrics and the service graph are written as samples. */
  spanMetricsIntervalMs: number;
  /** How often the backend scrapes its own /metrics as job otel-lab; 0 for never. */
  selfScrapeIntervalMs: number;
  /** Grafana dashboard JSON files served to the UI; '' for the repository's dashboards/. */
  dashboardsDir: string;
  /** Host names the query port answers to besides loopback's, when bound to loopback. */
  allowedHosts: string[];
  /** Browser origins the OTLP/HTTP port's CORS admits (patterns with at most one *). */
  corsOrigins: string[];
  /** Longest a PromQL query may take, from the start of its request. */
  queryTimeoutMs: number;
  /** Samples one PromQL query may load in all (every selector together). */
  queryMaxSamples: number;
  /** The interval of rule groups that set none. */
  evaluationIntervalMs: number;
  /** The URL people reach the backend at (alerts' links); '' for the query port's address. */
  externalUrl: string;
}

export interface BackendConfig extends ValuedConfig, ListConfig {
  /**
   * Serve the UI and query APIs without the access token even when --bind is not a loopback
   * address (OTLP ingest never needs it).
   */
  allowAnonymous: boolean;
}

const DURATION_UNITS = new Map([
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
  ['w', 604_800_000],
]);

const SIZE_UNITS = new Map([
  ['', 1],
  ['b', 1],
  ['kb', 1e3],
  ['mb', 1e6],
  ['gb', 1e9],
  ['tb', 1e12],
  ['kib', 1024],
  ['mib', 1024 ** 2],
  ['gib', 1024 ** 3],
  ['tib', 1024 ** 4],
]);

/** A number followed by a unit from `units`, as a whole, safe integer in the units' base. */
function parseQuantity(text: string, units: Map<string, number>): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([a-z]*)$/.exec(text.trim());
  const scale = units.get(match?.[2] ?? '');
  if (!match || scale === undefined) return undefined;
  // Rounding absorbs float noise such as 0.1 * 1000 = 100.00000000000001.
  const value = Math.round(Number(match[1]) * scale);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Milliseconds in a duration such as 90m, 12h, 7d or 2w (units s, m, h, d, w; required).
 * Units are lower case only, so that "M" is never read as minutes by someone meaning months.
 */
export function parseDuration(text: string): number | undefined {
  return parseQuantity(text, DURATION_UNITS);
}

/**
 * Bytes in a size such as 500MB, 1GiB or plain 1048576. KB, MB, GB, TB are powers of 1000;
 * KiB, MiB, GiB, TiB powers of 1024. Units are case-insensitive.
 */
export function parseSize(text: string): number | undefined {
  return parseQuantity(text.toLowerCase(), SIZE_UNITS);
}

/** `parse`, refusing values under `min` (the option's `expected` says so). */
function atLeast(parse: (text: string) => number | undefined, min: number) {
  return (text: string) => {
    const value = parse(text);
    return value !== undefined && value >= min ? value : undefined;
  };
}

/** `parse`, refusing values over `max`. */
function atMost(parse: (text: string) => number | undefined, max: number) {
  return (text: string) => {
    const value = parse(text);
    return value !== undefined && value <= max ? value : undefined;
  };
}

function parseCount(text: string): number | undefined {
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

function parsePort(text: string): number | undefined {
  return /^\d+$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;
}

/** An http(s) URL with a host and no path, as its origin (http://localhost:8080). */
function parseServiceUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    const plain = url.pathname === '/' && !url.search && !url.hash && !url.username;
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host && plain
      ? url.origin
      : undefined;
  } catch {
    return undefined;
  }
}

function parseHost(text: string): string | undefined {
  return isIP(text) !== 0 || /^[a-z0-9.-]+$/i.test(text) ? text : undefined;
}

/** Comma-separated host names or IP addresses, ".domain" for a domain and its subdomains, or *. */
function parseHostList(text: string): string[] | undefined {
  const hosts = text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  const valid = hosts.every(
    (host) =>
      host === '*' ||
      /^\.?[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/.test(host) ||
      isIP(host.replace(/^\[(.*)\]$/, '$1')) !== 0,
  );
  return valid ? hosts : undefined;
}

interface Option<T> {
  flag: string;
  env: string;
  fallback: string;
  /** Shown in the help: the value's placeholder and what the option does. */
  placeholder: string;
  description: string;
  /** Completes "expected …" in the error for a value `parse` rejects. */
  expected: string;
  parse: (text: string) => T | undefined;
  /** Zero is refused: no retention, disk or body at all would make the backend useless. */
  positive?: true;
  /** The default as the help shows it, when `fallback` says too little. */
  shownDefault?: string;
}

const OPTIONS: { [K in keyof ValuedConfig]: Option<ValuedConfig[K]> } = {
  dataDir: {
    flag: 'data-dir',
    env: 'OTEL_LAB_DATA_DIR',
    fallback: './data',
    placeholder: 'DIR',
    description: 'where telemetry is stored',
    expected: 'a directory path',
    parse: (text) => text || undefined,
  },
  otlpHttpPort: {
    flag: 'otlp-http-port',
    env: 'OTEL_LAB_OTLP_HTTP_PORT',
    fallback: '4318',
    placeholder: 'PORT',
    description: 'OTLP/HTTP receiver port',
    expected: 'an integer port from 0 to 65535',
    parse: parsePort,
  },
  otlpGrpcPort: {
    flag: 'otlp-grpc-port',
    env: 'OTEL_LAB_OTLP_GRPC_PORT',
    fallback: '4317',
    placeholder: 'PORT',
    description: 'OTLP/gRPC receiver port',
    expected: 'an integer port from 0 to 65535',
    parse: parsePort,
  },
  httpPort: {
    flag: 'http-port',
    env: 'OTEL_LAB_HTTP_PORT',
    fallback: '16686',
    placeholder: 'PORT',
    description: 'query API and UI port',
    expected: 'an integer port from 0 to 65535',
    parse: parsePort,
  },
  bind: {
    flag: 'bind',
    env: 'OTEL_LAB_BIND',
    fallback: '127.0.0.1',
    placeholder: 'ADDRESS',
    description: 'address every port listens on',
    expected: 'a host name or IP address such as 127.0.0.1, 0.0.0.0 or ::',
    parse: parseHost,
  },
  retentionMs: {
    flag: 'retention',
    env: 'OTEL_LAB_RETENTION',
    fallback: '7d',
    placeholder: 'DURATION',
    description: 'how long telemetry is kept',
    expected: 'a duration such as 90m, 12h or 7d',
    parse: parseDuration,
    positive: true,
  },
  maxDiskBytes: {
    flag: 'max-disk',
    env: 'OTEL_LAB_MAX_DISK',
    fallback: '1GiB',
    placeholder: 'SIZE',
    description: 'most disk space telemetry may use',
    expected: 'a size such as 500MB, 1GiB or 1048576 (bytes)',
    parse: parseSize,
    positive: true,
  },
  maxBodyBytes: {
    flag: 'max-body',
    env: 'OTEL_LAB_MAX_BODY',
    fallback: '16MiB',
    placeholder: 'SIZE',
    description: 'largest request body accepted',
    expected: 'a size such as 500MB, 1GiB or 1048576 (bytes)',
    parse: parseSize,
    positive: true,
  },
  maxIngestMemoryBytes: {
    flag: 'max-ingest-memory',
    env: 'OTEL_LAB_MAX_INGEST_MEMORY',
    fallback: '256MiB',
    placeholder: 'SIZE',
    description: 'request bytes OTLP and import may hold at once; past it, 503',
    expected: 'a size such as 256MiB or 1GiB',
    parse: parseSize,
    positive: true,
  },
  dbMemoryBytes: {
    flag: 'db-memory',
    env: 'OTEL_LAB_DB_MEMORY',
    fallback: '128MiB',
    placeholder: 'SIZE',
    description: 'memory the database may use for its cache and queries',
    expected: 'a size of 32MiB or more, such as 128MiB or 1GiB',
    parse: atLeast(parseSize, 32 * 2 ** 20),
  },
  scrapeConfigFile: {
    flag: 'scrape-config',
    env: 'OTEL_LAB_SCRAPE_CONFIG',
    fallback: '',
    shownDefault: 'the two services',
    placeholder: 'FILE',
    description: 'prometheus.yml of the targets to scrape',
    expected: 'a file path',
    parse: (text) => text,
  },
  demoAppUrl: {
    flag: 'demo-app-url',
    env: 'OTEL_LAB_DEMO_APP_URL',
    fallback: 'http://localhost:8080',
    placeholder: 'URL',
    description: 'demo-app, scraped without --scrape-config',
    expected: 'an http(s) URL without a path, such as http://localhost:8080',
    parse: parseServiceUrl,
  },
  dashboardsDir: {
    flag: 'dashboards-dir',
    env: 'OTEL_LAB_DASHBOARDS_DIR',
    fallback: '',
    shownDefault: "the repository's dashboards/",
    placeholder: 'DIR',
    description: 'Grafana dashboard JSON files for the UI',
    expected: 'a directory path',
    parse: (text) => text,
  },
  spanMetricsIntervalMs: {
    flag: 'span-metrics-interval',
    env: 'OTEL_LAB_SPAN_METRICS_INTERVAL',
    fallback: '15s',
    placeholder: 'DURATION',
    description: 'how often span metrics are written',
    expected: 'a duration of 1s or more, such as 15s or 1m',
    parse: atLeast(parseDuration, 1000),
  },
  selfScrapeIntervalMs: {
    flag: 'self-scrape-interval',
    env: 'OTEL_LAB_SELF_SCRAPE_INTERVAL',
    fallback: '15s',
    placeholder: 'DURATION',
    description: 'how often the backend scrapes its own /metrics as job otel-lab; 0 for never',
    expected: 'a duration of 1s or more, such as 15s or 1m, or 0 for never',
    parse: (text) => (text === '0' ? 0 : atLeast(parseDuration, 1000)(text)),
  },
  allowedHosts: {
    flag: 'allowed-hosts',
    env: 'OTEL_LAB_ALLOWED_HOSTS',
    fallback: '',
    shownDefault: 'none',
    placeholder: 'LIST',
    description: 'other names the query port answers to without a token',
    expected: 'comma-separated host names or IP addresses such as host.docker.internal, or *',
    parse: parseHostList,
  },
  corsOrigins: {
    flag: 'cors-origins',
    env: 'OTEL_LAB_CORS_ORIGINS',
    fallback: LOOPBACK_ORIGINS.join(','),
    shownDefault: 'loopback pages',
    placeholder: 'LIST',
    description: 'web pages that may send OTLP/HTTP',
    expected:
      'comma-separated origins such as http://localhost:3000 or https://*.example.com, or *',
    parse: parseOriginList,
  },
  queryTimeoutMs: {
    flag: 'query-timeout',
    env: 'OTEL_LAB_QUERY_TIMEOUT',
    fallback: `${DEFAULT_QUERY_LIMITS.timeoutMs / 1000}s`,
    placeholder: 'DURATION',
    description: 'longest a PromQL query may take',
    expected: 'a duration from 1s to 24h, such as 30s or 2m',
    parse: atLeast(atMost(parseDuration, 86_400_000), 1000),
  },
  queryMaxSamples: {
    flag: 'query-max-samples',
    env: 'OTEL_LAB_QUERY_MAX_SAMPLES',
    fallback: String(DEFAULT_QUERY_LIMITS.maxSamples),
    placeholder: 'N',
    description: 'most samples one PromQL query may load',
    expected: 'a whole number such as 10000000',
    parse: parseCount,
    positive: true,
  },
  evaluationIntervalMs: {
    flag: 'evaluation-interval',
    env: 'OTEL_LAB_EVALUATION_INTERVAL',
    fallback: '1m',
    placeholder: 'DURATION',
    description: 'how often rule groups without an interval of their own are evaluated',
    expected: 'a duration of 1s or more, such as 15s or 1m',
    parse: atLeast(parseDuration, 1000),
  },
  externalUrl: {
    flag: 'external-url',
    env: 'OTEL_LAB_EXTERNAL_URL',
    fallback: '',
    shownDefault: "the query port's address",
    placeholder: 'URL',
    description: "the backend's address in alerts' links (generatorURL)",
    expected: 'an http(s) URL such as http://lab.example.com:16686',
    parse: (text) => (text === '' ? '' : parseHttpBaseUrl(text)),
  },
  paymentUrl: {
    flag: 'payment-url',
    env: 'OTEL_LAB_PAYMENT_URL',
    fallback: 'http://localhost:8081',
    placeholder: 'URL',
    description: 'payment-service, scraped without --scrape-config',
    expected: 'an http(s) URL without a path, such as http://localhost:8081',
    parse: parseServiceUrl,
  },
};

const optionList: Option<unknown>[] = Object.values(OPTIONS);
/** The flags' column: the longest flag and placeholder, then two spaces. */
const flagColumn = (flag: string) => `  ${flag.padEnd(FLAG_WIDTH)}`;
const FLAG_WIDTH =
  Math.max(...[...optionList, ...LIST_OPTIONS].map((o) => `--${o.flag} ${o.placeholder}`.length)) +
  2;

export const BACKEND_HELP = `Usage: npm run backend -- [options]

Runs the observability backend: receives OTLP over HTTP and gRPC, scrapes Prometheus
metrics, stores everything in the data directory and serves the query APIs (Jaeger,
Prometheus) and UI. Each option can also be set by its environment variable; a flag wins over
its variable.

Options:
${optionList
  .map(
    (o) =>
      `${flagColumn(`--${o.flag} ${o.placeholder}`)}${o.description} (default ${o.shownDefault ?? o.fallback}, env ${o.env})`,
  )
  .join('\n')}
${LIST_OPTIONS.map(
  (o) =>
    `${flagColumn(`--${o.flag} ${o.placeholder}`)}${o.description} (default none, env ${o.env})`,
).join('\n')}
${flagColumn('--allow-anonymous')}no access token for the UI and query APIs when --bind is not a
${flagColumn('')}loopback address (env OTEL_LAB_ALLOW_ANONYMOUS=true)
${flagColumn('-h, --help')}show this help

Ports may be 0 to let the system pick a free one. Durations need a unit: s, m, h, d or w
(90m, 12h, 7d, 2w). Sizes are bytes, or take a unit: KB, MB, GB, TB (powers of 1000) or
KiB, MiB, GiB, TiB (powers of 1024). --scrape-config reads the scrape part of a
prometheus.yml (global and per-job scrape_interval and scrape_timeout, metrics_path, scheme,
honor_labels, params, static_configs); without it, the two services are scraped at
--demo-app-url and --payment-url.

Bound to a loopback address (the default), the UI and query APIs are open. Bound to any other
address, they need the access token printed at start (or set with OTEL_LAB_TOKEN): open the
printed URL once (the token becomes a cookie), or send "Authorization: Bearer TOKEN". OTLP ingest
stays open. Where no token is asked, the query port answers only requests whose Host header
names this machine, so that no web page reads it through DNS rebinding: bound to loopback,
localhost, 127.0.0.1 or [::1]; with --allow-anonymous beyond loopback, also the bound address,
the machine's host name and the addresses of its interfaces (printed at start). --allowed-hosts
adds names (comma-separated; .example.com for a domain and its subdomains, * for any), such as
host.docker.internal for a Grafana in Docker.

--cors-origins lists the origins of web pages whose browser exporters may send to the OTLP/HTTP
port (comma-separated; one * in an origin stands for any characters, as in
https://*.example.com or http://localhost:*; * alone allows every page). SDKs outside a browser
send no Origin and are not affected.

--rules loads Prometheus rule files (recording and alerting rules; each a path or a glob such as
rules/*.yml; repeat the flag for more, or list them comma-separated in OTEL_LAB_RULES). An invalid
file stops the start; SIGHUP or POST /-/reload reloads them, and a bad file then keeps the rules
that run. --alertmanager-url (repeatable, or comma-separated in OTEL_LAB_ALERTMANAGER_URL) names
the Alertmanagers that firing and resolved alerts are sent to.`;

/**
 * As in strict mode, "--data-dir --bind" is a forgotten value, not a directory named --bind: the
 * error for `--flag value`, or undefined when the value is one.
 */
function missingValue(
  flag: string,
  value: string | undefined,
  inline: boolean,
): string | undefined {
  if (value !== undefined && (inline || !value.startsWith('-'))) return undefined;
  const o = [...optionList, ...LIST_OPTIONS].find((option) => option.flag === flag);
  const hint = value ? ` (to pass "${value}", write --${flag}=${value})` : '';
  return `--${flag} (${o?.env}): missing value, expected ${o?.expected}${hint}`;
}

type ParseResult = { config: BackendConfig } | { help: true } | { errors: string[] };

/** Reads the configuration from `argv` (without node and script) and `env`, or says what is wrong. */
export function parseBackendArgs(argv: string[], env: NodeJS.ProcessEnv): ParseResult {
  // Strict mode would throw at the first problem; instead the same checks (unknown options,
  // positionals, missing values) are made on the tokens so that every problem is reported at once.
  const { tokens } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(
        [...optionList, ...LIST_OPTIONS].map((o) => [o.flag, { type: 'string' as const }]),
      ),
      help: { type: 'boolean', short: 'h' },
      'allow-anonymous': { type: 'boolean' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const errors: string[] = [];
  const given = new Map<string, { value: string | undefined; inline: boolean }>();
  const lists = new Map<string, string[]>();
  let help = false;
  let allowAnonymous = ['1', 'true', 'yes'].includes(
    (env.OTEL_LAB_ALLOW_ANONYMOUS ?? '').trim().toLowerCase(),
  );
  for (const token of tokens) {
    if (token.kind === 'positional') {
      errors.push(`unexpected argument ${JSON.stringify(token.value)}`);
    } else if (token.kind === 'option') {
      if (token.name === 'help') help = true;
      else if (token.name === 'allow-anonymous') {
        if (token.value !== undefined) errors.push('--allow-anonymous takes no value');
        allowAnonymous = true;
      } else if (LIST_OPTIONS.some((o) => o.flag === token.name)) {
        const missing = missingValue(token.name, token.value, token.inlineValue === true);
        if (missing) errors.push(missing);
        else lists.set(token.name, [...(lists.get(token.name) ?? []), token.value ?? '']);
      } else if (optionList.some((o) => o.flag === token.name)) {
        given.set(token.name, { value: token.value, inline: token.inlineValue === true });
      } else errors.push(`unknown option ${token.rawName}`);
    }
  }
  if (help) return { help: true };

  const config: Record<string, unknown> = {
    allowAnonymous,
    ...readListOptions(lists, env, errors),
  };
  for (const [key, o] of Object.entries(OPTIONS) as [string, Option<unknown>][]) {
    const flag = given.get(o.flag);
    const missing = flag && missingValue(o.flag, flag.value, flag.inline);
    if (missing) {
      errors.push(missing);
      continue;
    }
    const fromEnv = env[o.env]?.trim() || undefined;
    const raw = flag?.value?.trim() ?? fromEnv ?? o.fallback;
    const where =
      flag || fromEnv === undefined
        ? `--${o.flag} ${JSON.stringify(raw)} (${o.env})`
        : `${o.env}=${JSON.stringify(raw)} (--${o.flag})`;
    const value = o.parse(raw);
    if (value === undefined) errors.push(`${where}: expected ${o.expected}`);
    else if (o.positive && value === 0) errors.push(`${where}: must be greater than zero`);
    else config[key] = value;
  }
  return errors.length > 0 ? { errors } : { config: config as unknown as BackendConfig };
}
