import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BACKEND_HELP,
  type BackendConfig,
  parseBackendArgs,
  parseDuration,
  parseSize,
} from './config.js';
import { LOOPBACK_ORIGINS } from './serve/cors-origins.js';

const DEFAULTS: BackendConfig = {
  dataDir: './data',
  otlpHttpPort: 4318,
  otlpGrpcPort: 4317,
  httpPort: 16686,
  bind: '127.0.0.1',
  retentionMs: 7 * 24 * 3600 * 1000,
  maxDiskBytes: 1024 ** 3,
  maxBodyBytes: 16 * 1024 ** 2,
  maxIngestMemoryBytes: 256 * 1024 ** 2,
  dbMemoryBytes: 128 * 1024 ** 2,
  scrapeConfigFile: '',
  demoAppUrl: 'http://localhost:8080',
  paymentUrl: 'http://localhost:8081',
  spanMetricsIntervalMs: 15_000,
  selfScrapeIntervalMs: 15_000,
  dashboardsDir: '',
  allowedHosts: [],
  corsOrigins: [...LOOPBACK_ORIGINS],
  queryTimeoutMs: 30_000,
  queryMaxSamples: 10_000_000,
  evaluationIntervalMs: 60_000,
  externalUrl: '',
  rules: [],
  alertmanagerUrls: [],
  allowAnonymous: false,
};

/** The config parsed from `argv` and `env`, failing the test on help or errors. */
function configOf(argv: string[], env: NodeJS.ProcessEnv = {}): BackendConfig {
  const result = parseBackendArgs(argv, env);
  assert.ok('config' in result, `expected a config, got ${JSON.stringify(result)}`);
  return result.config;
}

/** The errors reported for `argv` and `env`, failing the test if there are none. */
function errorsOf(argv: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const result = parseBackendArgs(argv, env);
  assert.ok('errors' in result, `expected errors, got ${JSON.stringify(result)}`);
  return result.errors;
}

describe('parseBackendArgs', () => {
  test('no flags and no variables give the defaults', () => {
    assert.deepEqual(configOf([]), DEFAULTS);
  });

  test('unrelated and blank variables are ignored', () => {
    assert.deepEqual(configOf([], { PORT: '1', OTEL_LAB_HTTP_PORT: '', OTEL_LAB_BIND: '  ' }), {
      ...DEFAULTS,
    });
  });

  const flags: [string[], Partial<BackendConfig>][] = [
    [['--data-dir', '/var/lib/otel-lab'], { dataDir: '/var/lib/otel-lab' }],
    [['--data-dir=rel/dir'], { dataDir: 'rel/dir' }],
    [['--otlp-http-port', '14318'], { otlpHttpPort: 14318 }],
    [['--otlp-grpc-port', '14317'], { otlpGrpcPort: 14317 }],
    [['--http-port', '8080'], { httpPort: 8080 }],
    [['--http-port', '0'], { httpPort: 0 }],
    [['--http-port=65535'], { httpPort: 65535 }],
    [['--bind', '0.0.0.0'], { bind: '0.0.0.0' }],
    [['--bind', '::'], { bind: '::' }],
    [['--bind', 'localhost'], { bind: 'localhost' }],
    [['--retention', '90m'], { retentionMs: 90 * 60_000 }],
    [['--retention=2w'], { retentionMs: 14 * 24 * 3600 * 1000 }],
    [['--max-disk', '500MB'], { maxDiskBytes: 500_000_000 }],
    [['--max-disk', '2GB'], { maxDiskBytes: 2_000_000_000 }],
    [['--max-body', '1024KiB'], { maxBodyBytes: 1024 * 1024 }],
    [['--max-body', '2048'], { maxBodyBytes: 2048 }],
    [['--max-ingest-memory', '1GiB'], { maxIngestMemoryBytes: 1024 ** 3 }],
    [['--db-memory', '1GiB'], { dbMemoryBytes: 1024 ** 3 }],
    [['--query-timeout', '2m'], { queryTimeoutMs: 120_000 }],
    [['--query-timeout=1s'], { queryTimeoutMs: 1000 }],
    [['--query-max-samples', '500000'], { queryMaxSamples: 500_000 }],
    [['--self-scrape-interval', '1s'], { selfScrapeIntervalMs: 1000 }],
    [['--self-scrape-interval', '0'], { selfScrapeIntervalMs: 0 }],
    [['--http-port', '1', '--http-port', '2'], { httpPort: 2 }],
    [['--scrape-config', 'prometheus.yml'], { scrapeConfigFile: 'prometheus.yml' }],
    [['--demo-app-url', 'http://127.0.0.1:9090/'], { demoAppUrl: 'http://127.0.0.1:9090' }],
    [['--payment-url=https://pay.example:8443'], { paymentUrl: 'https://pay.example:8443' }],
    [['--allowed-hosts', 'host.docker.internal'], { allowedHosts: ['host.docker.internal'] }],
    [
      ['--allowed-hosts', ' Grafana.Local, .lab.example,[fd00::1],10.0.0.2 '],
      { allowedHosts: ['grafana.local', '.lab.example', '[fd00::1]', '10.0.0.2'] },
    ],
    [['--allowed-hosts=*'], { allowedHosts: ['*'] }],
    [['--allowed-hosts', 'otel_lab-1'], { allowedHosts: ['otel_lab-1'] }],
    [
      ['--cors-origins', 'https://*.example.com,http://localhost:3000'],
      { corsOrigins: ['https://*.example.com', 'http://localhost:3000'] },
    ],
    [['--cors-origins', '*'], { corsOrigins: ['*'] }],
    [
      ['--otlp-http-port', '1', '--otlp-grpc-port', '2', '--http-port', '3', '--bind', '::1'],
      { otlpHttpPort: 1, otlpGrpcPort: 2, httpPort: 3, bind: '::1' },
    ],
  ];
  for (const [argv, expected] of flags) {
    test(`${argv.join(' ')} sets ${Object.keys(expected).join(', ')}`, () => {
      assert.deepEqual(configOf(argv), { ...DEFAULTS, ...expected });
    });
  }

  const vars: [string, string, Partial<BackendConfig>][] = [
    ['OTEL_LAB_DATA_DIR', '/srv/data', { dataDir: '/srv/data' }],
    ['OTEL_LAB_OTLP_HTTP_PORT', '5318', { otlpHttpPort: 5318 }],
    ['OTEL_LAB_OTLP_GRPC_PORT', '5317', { otlpGrpcPort: 5317 }],
    ['OTEL_LAB_HTTP_PORT', '0', { httpPort: 0 }],
    ['OTEL_LAB_BIND', '0.0.0.0', { bind: '0.0.0.0' }],
    ['OTEL_LAB_RETENTION', '12h', { retentionMs: 12 * 3600 * 1000 }],
    ['OTEL_LAB_MAX_DISK', '2GiB', { maxDiskBytes: 2 * 1024 ** 3 }],
    ['OTEL_LAB_MAX_BODY', ' 1MB ', { maxBodyBytes: 1_000_000 }],
    ['OTEL_LAB_MAX_INGEST_MEMORY', '64MiB', { maxIngestMemoryBytes: 64 * 1024 ** 2 }],
    ['OTEL_LAB_SCRAPE_CONFIG', '/etc/prom.yml', { scrapeConfigFile: '/etc/prom.yml' }],
    ['OTEL_LAB_DEMO_APP_URL', 'http://[::1]:8080', { demoAppUrl: 'http://[::1]:8080' }],
    ['OTEL_LAB_PAYMENT_URL', 'http://pay:81', { paymentUrl: 'http://pay:81' }],
    ['OTEL_LAB_ALLOWED_HOSTS', 'a.test,b.test', { allowedHosts: ['a.test', 'b.test'] }],
    ['OTEL_LAB_CORS_ORIGINS', 'http://ui.test', { corsOrigins: ['http://ui.test'] }],
    ['OTEL_LAB_QUERY_TIMEOUT', '45s', { queryTimeoutMs: 45_000 }],
    ['OTEL_LAB_QUERY_MAX_SAMPLES', '20000000', { queryMaxSamples: 20_000_000 }],
    ['OTEL_LAB_SELF_SCRAPE_INTERVAL', '1m', { selfScrapeIntervalMs: 60_000 }],
  ];
  for (const [name, value, expected] of vars) {
    test(`without its flag, ${name}=${JSON.stringify(value)} is used`, () => {
      assert.deepEqual(configOf([], { [name]: value }), { ...DEFAULTS, ...expected });
    });
  }

  const overrides: [string[], string, string, Partial<BackendConfig>][] = [
    [['--data-dir', 'flag'], 'OTEL_LAB_DATA_DIR', 'env', { dataDir: 'flag' }],
    [['--otlp-http-port', '1'], 'OTEL_LAB_OTLP_HTTP_PORT', '2', { otlpHttpPort: 1 }],
    [['--otlp-grpc-port', '1'], 'OTEL_LAB_OTLP_GRPC_PORT', '2', { otlpGrpcPort: 1 }],
    [['--http-port', '1'], 'OTEL_LAB_HTTP_PORT', '2', { httpPort: 1 }],
    [['--bind', '0.0.0.0'], 'OTEL_LAB_BIND', '::', { bind: '0.0.0.0' }],
    [['--retention', '1d'], 'OTEL_LAB_RETENTION', '2d', { retentionMs: 86_400_000 }],
    [['--max-disk', '1KB'], 'OTEL_LAB_MAX_DISK', '2KB', { maxDiskBytes: 1000 }],
    [['--max-body', '1KiB'], 'OTEL_LAB_MAX_BODY', '2KiB', { maxBodyBytes: 1024 }],
    // The flag wins even over a variable that would be invalid.
    [['--http-port', '1'], 'OTEL_LAB_HTTP_PORT', 'nonsense', { httpPort: 1 }],
  ];
  for (const [argv, name, value, expected] of overrides) {
    test(`${argv.join(' ')} beats ${name}=${value}`, () => {
      assert.deepEqual(configOf(argv, { [name]: value }), { ...DEFAULTS, ...expected });
    });
  }

  const port = 'expected an integer port from 0 to 65535';
  const duration = 'expected a duration such as 90m, 12h or 7d';
  const size = 'expected a size such as 500MB, 1GiB or 1048576 (bytes)';
  const invalid: [string, string[], NodeJS.ProcessEnv, string][] = [
    ['bad port', ['--http-port', 'http'], {}, `--http-port "http" (OTEL_LAB_HTTP_PORT): ${port}`],
    [
      'service URL with a path',
      ['--demo-app-url', 'http://localhost:8080/metrics'],
      {},
      '--demo-app-url "http://localhost:8080/metrics" (OTEL_LAB_DEMO_APP_URL): expected an http(s) URL without a path, such as http://localhost:8080',
    ],
    [
      'service URL without a scheme',
      [],
      { OTEL_LAB_PAYMENT_URL: 'localhost:8081' },
      'OTEL_LAB_PAYMENT_URL="localhost:8081" (--payment-url): expected an http(s) URL without a path, such as http://localhost:8081',
    ],
    [
      'negative port',
      ['--otlp-http-port=-1'],
      {},
      `--otlp-http-port "-1" (OTEL_LAB_OTLP_HTTP_PORT): ${port}`,
    ],
    [
      'non-integer port',
      ['--otlp-grpc-port', '4317.5'],
      {},
      `--otlp-grpc-port "4317.5" (OTEL_LAB_OTLP_GRPC_PORT): ${port}`,
    ],
    [
      'port too big',
      ['--http-port', '65536'],
      {},
      `--http-port "65536" (OTEL_LAB_HTTP_PORT): ${port}`,
    ],
    ['empty port', ['--http-port='], {}, `--http-port "" (OTEL_LAB_HTTP_PORT): ${port}`],
    [
      'self-scrape interval under a second',
      ['--self-scrape-interval', '0s'],
      {},
      '--self-scrape-interval "0s" (OTEL_LAB_SELF_SCRAPE_INTERVAL): expected a duration of 1s or more, such as 15s or 1m, or 0 for never',
    ],
    [
      'bad port from the variable',
      [],
      { OTEL_LAB_OTLP_HTTP_PORT: '1e3' },
      `OTEL_LAB_OTLP_HTTP_PORT="1e3" (--otlp-http-port): ${port}`,
    ],
    [
      'duration in words',
      ['--retention', '7 days'],
      {},
      `--retention "7 days" (OTEL_LAB_RETENTION): ${duration}`,
    ],
    [
      'duration without a unit',
      ['--retention', '3600'],
      {},
      `--retention "3600" (OTEL_LAB_RETENTION): ${duration}`,
    ],
    [
      'bad duration from the variable',
      [],
      { OTEL_LAB_RETENTION: '-1d' },
      `OTEL_LAB_RETENTION="-1d" (--retention): ${duration}`,
    ],
    [
      'zero duration',
      ['--retention', '0d'],
      {},
      '--retention "0d" (OTEL_LAB_RETENTION): must be greater than zero',
    ],
    [
      'size with a space',
      ['--max-disk', '1 GB'],
      {},
      `--max-disk "1 GB" (OTEL_LAB_MAX_DISK): ${size}`,
    ],
    [
      'unknown size unit',
      ['--max-body', '1XB'],
      {},
      `--max-body "1XB" (OTEL_LAB_MAX_BODY): ${size}`,
    ],
    [
      'bad size from the variable',
      [],
      { OTEL_LAB_MAX_DISK: 'lots' },
      `OTEL_LAB_MAX_DISK="lots" (--max-disk): ${size}`,
    ],
    [
      'zero size',
      ['--max-body', '0'],
      {},
      '--max-body "0" (OTEL_LAB_MAX_BODY): must be greater than zero',
    ],
    [
      'no ingest memory',
      ['--max-ingest-memory', '0'],
      {},
      '--max-ingest-memory "0" (OTEL_LAB_MAX_INGEST_MEMORY): must be greater than zero',
    ],
    [
      'database memory under the floor',
      ['--db-memory', '16MiB'],
      {},
      '--db-memory "16MiB" (OTEL_LAB_DB_MEMORY): expected a size of 32MiB or more, such as 128MiB or 1GiB',
    ],
    [
      'query timeout under a second',
      ['--query-timeout', '0s'],
      {},
      '--query-timeout "0s" (OTEL_LAB_QUERY_TIMEOUT): expected a duration from 1s to 24h, such as 30s or 2m',
    ],
    [
      'query timeout over a day',
      [],
      { OTEL_LAB_QUERY_TIMEOUT: '2d' },
      'OTEL_LAB_QUERY_TIMEOUT="2d" (--query-timeout): expected a duration from 1s to 24h, such as 30s or 2m',
    ],
    [
      'query max samples not a whole number',
      ['--query-max-samples', '1e7'],
      {},
      '--query-max-samples "1e7" (OTEL_LAB_QUERY_MAX_SAMPLES): expected a whole number such as 10000000',
    ],
    [
      'zero query max samples',
      ['--query-max-samples', '0'],
      {},
      '--query-max-samples "0" (OTEL_LAB_QUERY_MAX_SAMPLES): must be greater than zero',
    ],
    [
      'empty data dir',
      ['--data-dir', ''],
      {},
      '--data-dir "" (OTEL_LAB_DATA_DIR): expected a directory path',
    ],
    [
      'bad bind address',
      ['--bind', '[::1]'],
      {},
      '--bind "[::1]" (OTEL_LAB_BIND): expected a host name or IP address such as 127.0.0.1, 0.0.0.0 or ::',
    ],
    [
      'missing value',
      ['--retention'],
      {},
      `--retention (OTEL_LAB_RETENTION): missing value, ${duration}`,
    ],
    [
      'value that looks like a flag',
      ['--http-port', '-1'],
      {},
      `--http-port (OTEL_LAB_HTTP_PORT): missing value, ${port} (to pass "-1", write --http-port=-1)`,
    ],
    [
      'allowed host with a port',
      ['--allowed-hosts', 'grafana:3000'],
      {},
      '--allowed-hosts "grafana:3000" (OTEL_LAB_ALLOWED_HOSTS): expected comma-separated host names or IP addresses such as host.docker.internal, or *',
    ],
    [
      'CORS origin without a scheme',
      ['--cors-origins', 'localhost:3000'],
      {},
      '--cors-origins "localhost:3000" (OTEL_LAB_CORS_ORIGINS): expected comma-separated origins such as http://localhost:3000 or https://*.example.com, or *',
    ],
    [
      'empty CORS origins',
      [],
      { OTEL_LAB_CORS_ORIGINS: ',' },
      'OTEL_LAB_CORS_ORIGINS="," (--cors-origins): expected comma-separated origins such as http://localhost:3000 or https://*.example.com, or *',
    ],
    ['unknown long flag', ['--verbose'], {}, 'unknown option --verbose'],
    ['unknown flag with a value', ['--colour=always'], {}, 'unknown option --colour'],
    ['unknown short flag', ['-v'], {}, 'unknown option -v'],
    ['positional argument', ['serve'], {}, 'unexpected argument "serve"'],
  ];
  for (const [what, argv, env, message] of invalid) {
    test(`${what} is reported: ${message}`, () => {
      assert.deepEqual(errorsOf(argv, env), [message]);
    });
  }

  test('every problem is reported, not just the first', () => {
    const argv = ['--http-port', 'x', '--retention', '7 days', '--nope', '--data-dir', '--bind'];
    assert.deepEqual(errorsOf(argv, { OTEL_LAB_MAX_DISK: 'lots', OTEL_LAB_MAX_BODY: '0' }), [
      'unknown option --nope',
      '--data-dir (OTEL_LAB_DATA_DIR): missing value, expected a directory path (to pass "--bind", write --data-dir=--bind)',
      `--http-port "x" (OTEL_LAB_HTTP_PORT): ${port}`,
      `--retention "7 days" (OTEL_LAB_RETENTION): ${duration}`,
      `OTEL_LAB_MAX_DISK="lots" (--max-disk): ${size}`,
      'OTEL_LAB_MAX_BODY="0" (--max-body): must be greater than zero',
    ]);
  });

  const helps: string[][] = [['--help'], ['-h'], ['--http-port', 'x', '--nope', '-h']];
  for (const argv of helps) {
    test(`${argv.join(' ')} asks for help, whatever else is wrong`, () => {
      assert.deepEqual(parseBackendArgs(argv, { OTEL_LAB_HTTP_PORT: 'x' }), { help: true });
    });
  }
});

describe('BACKEND_HELP', () => {
  test('shows how to run the backend', () => {
    assert.match(BACKEND_HELP, /^Usage: npm run backend -- \[options\]/);
    assert.match(BACKEND_HELP, /^ {2}-h, --help +show this help$/m);
  });
  const options: [string, string, string][] = [
    ['--data-dir', './data', 'OTEL_LAB_DATA_DIR'],
    ['--otlp-http-port', '4318', 'OTEL_LAB_OTLP_HTTP_PORT'],
    ['--otlp-grpc-port', '4317', 'OTEL_LAB_OTLP_GRPC_PORT'],
    ['--http-port', '16686', 'OTEL_LAB_HTTP_PORT'],
    ['--bind', '127.0.0.1', 'OTEL_LAB_BIND'],
    ['--retention', '7d', 'OTEL_LAB_RETENTION'],
    ['--max-disk', '1GiB', 'OTEL_LAB_MAX_DISK'],
    ['--max-body', '16MiB', 'OTEL_LAB_MAX_BODY'],
    ['--db-memory', '128MiB', 'OTEL_LAB_DB_MEMORY'],
    ['--allowed-hosts', 'none', 'OTEL_LAB_ALLOWED_HOSTS'],
    ['--cors-origins', 'loopback pages', 'OTEL_LAB_CORS_ORIGINS'],
    ['--query-timeout', '30s', 'OTEL_LAB_QUERY_TIMEOUT'],
    ['--query-max-samples', '10000000', 'OTEL_LAB_QUERY_MAX_SAMPLES'],
  ];
  test('every option stands apart from its description', () => {
    const lines = BACKEND_HELP.split('\n').filter((l) => /^ {2}-/.test(l));
    assert.ok(lines.length > options.length);
    // The flag (and its placeholder) then at least two spaces, all descriptions in one column.
    const columns = new Set(lines.map((l) => /^ {2}\S+(?: \S+)* {2,}(?=\S)/.exec(l)?.[0].length));
    assert.equal(columns.size, 1, lines.join('\n'));
    assert.ok(!columns.has(undefined), lines.join('\n'));
  });
  for (const [flag, fallback, env] of options) {
    test(`lists ${flag} with its default and variable`, () => {
      const line = BACKEND_HELP.split('\n').find((l) => l.startsWith(`  ${flag} `));
      assert.ok(line, `no line for ${flag}`);
      assert.ok(line.endsWith(`(default ${fallback}, env ${env})`), line);
    });
  }
});

describe('parseDuration', () => {
  const cases: [string, number | undefined][] = [
    ['1s', 1000],
    ['90m', 90 * 60_000],
    ['12h', 12 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['0s', 0],
    ['1.5h', 5_400_000],
    ['0.1s', 100],
    ['0.0001s', 0],
    [' 7d ', 7 * 86_400_000],
    ['', undefined],
    ['d', undefined],
    ['7', undefined],
    ['7 d', undefined],
    ['7days', undefined],
    ['7D', undefined],
    ['1ms', undefined],
    ['-1d', undefined],
    ['+1d', undefined],
    ['1e3s', undefined],
    ['.5h', undefined],
    ['5.h', undefined],
    ['1h30m', undefined],
    ['99999999999w', undefined],
  ];
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)} is ${expected ?? 'rejected'}`, () => {
      assert.equal(parseDuration(text), expected);
    });
  }
});

describe('parseSize', () => {
  const cases: [string, number | undefined][] = [
    ['0', 0],
    ['2048', 2048],
    ['1B', 1],
    ['1KB', 1000],
    ['500MB', 500_000_000],
    ['2GB', 2_000_000_000],
    ['1TB', 1e12],
    ['1KiB', 1024],
    ['1024KiB', 1024 ** 2],
    ['16MiB', 16 * 1024 ** 2],
    ['1GiB', 1024 ** 3],
    ['1TiB', 1024 ** 4],
    ['1.5KiB', 1536],
    ['0.1KB', 100],
    ['1gib', 1024 ** 3],
    ['1Mb', 1_000_000],
    [' 1MB ', 1_000_000],
    ['', undefined],
    ['MB', undefined],
    ['1 MB', undefined],
    ['1K', undefined],
    ['1XB', undefined],
    ['-1', undefined],
    ['1e6', undefined],
    ['1,000', undefined],
    ['9007199254740991', 9007199254740991],
    ['9007199254740993', undefined],
    ['99999TiB', undefined],
  ];
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)} is ${expected ?? 'rejected'}`, () => {
      assert.equal(parseSize(text), expected);
    });
  }
});

test('--allow-anonymous, or OTEL_LAB_ALLOW_ANONYMOUS=true, turns the access token off', () => {
  const flag = parseBackendArgs(['--allow-anonymous'], {});
  assert.ok('config' in flag && flag.config.allowAnonymous);
  const env = parseBackendArgs([], { OTEL_LAB_ALLOW_ANONYMOUS: 'true' });
  assert.ok('config' in env && env.config.allowAnonymous);
  const neither = parseBackendArgs([], { OTEL_LAB_ALLOW_ANONYMOUS: 'no' });
  assert.ok('config' in neither && !neither.config.allowAnonymous);
  assert.deepEqual(parseBackendArgs(['--allow-anonymous=yes'], {}), {
    errors: ['--allow-anonymous takes no value'],
  });
});
