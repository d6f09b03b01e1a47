import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  defaultScrapeConfig,
  parseScrapeConfig,
  type ScrapeConfig,
  type ScrapeJobConfig,
} from './scrape-config.js';

function configOf(yaml: string): ScrapeConfig {
  const result = parseScrapeConfig(yaml);
  assert.ok('config' in result, `expected a config, got ${JSON.stringify(result)}`);
  return result.config;
}

function errorsOf(yaml: string): string[] {
  const result = parseScrapeConfig(yaml);
  assert.ok('errors' in result, `expected errors, got ${JSON.stringify(result)}`);
  return result.errors;
}

const job = (overrides: Partial<ScrapeJobConfig>): ScrapeJobConfig => ({
  jobName: 'j',
  scrapeIntervalMs: 60_000,
  scrapeTimeoutMs: 10_000,
  metricsPath: '/metrics',
  scheme: 'http',
  honorLabels: false,
  params: {},
  staticConfigs: [],
  ...overrides,
});

describe('parseScrapeConfig', () => {
  test('a full configuration', () => {
    const config = configOf(`
global:
  scrape_interval: 15s
  scrape_timeout: 5s
  evaluation_interval: 1m
scrape_configs:
  - job_name: demo-app
    static_configs:
      - targets: ['localhost:8080', '127.0.0.1:9000']
        labels: { env: lab }
  - job_name: payments
    scrape_interval: 1h30m
    scrape_timeout: 20s
    metrics_path: /custom
    scheme: https
    honor_labels: true
    params:
      module: [http_2xx]
    static_configs:
      - targets: ['[::1]:8081', 'payments']
`);
    assert.deepEqual(config, {
      scrapeIntervalMs: 15_000,
      scrapeTimeoutMs: 5_000,
      jobs: [
        job({
          jobName: 'demo-app',
          scrapeIntervalMs: 15_000,
          scrapeTimeoutMs: 5_000,
          staticConfigs: [
            { targets: ['localhost:8080', '127.0.0.1:9000'], labels: { env: 'lab' } },
          ],
        }),
        job({
          jobName: 'payments',
          scrapeIntervalMs: 5_400_000,
          scrapeTimeoutMs: 20_000,
          metricsPath: '/custom',
          scheme: 'https',
          honorLabels: true,
          params: { module: ['http_2xx'] },
          staticConfigs: [{ targets: ['[::1]:8081', 'payments'], labels: {} }],
        }),
      ],
    });
  });

  const defaults: [string, string, Partial<ScrapeJobConfig>][] = [
    ['Prometheus defaults: 1m and 10s', 'scrape_configs: [{job_name: j}]', {}],
    [
      'an unset timeout never exceeds a short interval',
      'scrape_configs: [{job_name: j, scrape_interval: 5s}]',
      { scrapeIntervalMs: 5000, scrapeTimeoutMs: 5000 },
    ],
    [
      'a job inherits the global interval and timeout',
      'global: {scrape_interval: 30s, scrape_timeout: 3s}\nscrape_configs: [{job_name: j}]',
      { scrapeIntervalMs: 30_000, scrapeTimeoutMs: 3000 },
    ],
  ];
  for (const [name, yaml, expected] of defaults) {
    test(name, () => assert.deepEqual(configOf(yaml).jobs[0], job(expected)));
  }

  test('an empty file is a configuration with no jobs', () => {
    assert.deepEqual(configOf(''), { scrapeIntervalMs: 60_000, scrapeTimeoutMs: 10_000, jobs: [] });
  });

  test('sections the scraper does not use are ignored with a warning', () => {
    const result = parseScrapeConfig('rule_files: [a.yml]\nscrape_configs: []');
    assert.deepEqual(result, {
      config: { scrapeIntervalMs: 60_000, scrapeTimeoutMs: 10_000, jobs: [] },
      warnings: ['rule_files is ignored by the embedded scraper'],
    });
  });

  const errors: [string, string, string[]][] = [
    ['invalid YAML', 'scrape_configs: [', ['invalid YAML: ']],
    [
      'a timeout above the interval',
      'scrape_configs: [{job_name: j, scrape_interval: 5s, scrape_timeout: 10s}]',
      [
        'scrape_configs[0]: scrape timeout greater than scrape interval for scrape config with job name "j"',
      ],
    ],
    [
      'a global timeout above the global interval',
      'global: {scrape_interval: 5s, scrape_timeout: 6s}',
      ['global: global scrape timeout greater than scrape interval'],
    ],
    [
      'bad durations, each with its path',
      'global: {scrape_interval: 15}\nscrape_configs: [{job_name: j, scrape_timeout: 1.5s}]',
      [
        'global.scrape_interval: not a valid duration string: "15"',
        'scrape_configs[0].scrape_timeout: not a valid duration string: "1.5s"',
      ],
    ],
    [
      'a missing job name and a duplicate one',
      'scrape_configs: [{scheme: http}, {job_name: a}, {job_name: a}]',
      ['scrape_configs[0]: job_name is empty', 'found multiple scrape configs with job name "a"'],
    ],
    [
      'unsupported fields are errors, not silently dropped',
      'scrape_configs: [{job_name: j, relabel_configs: []}]\nremote: 1',
      [
        'field remote is not supported',
        'scrape_configs[0]: field relabel_configs is not supported',
      ],
    ],
    [
      'bad targets, labels, scheme and path',
      `scrape_configs:
  - job_name: j
    scheme: ftp
    metrics_path: metrics
    honor_labels: 'yes'
    static_configs:
      - targets: ['http://x:1/metrics', 'a b', 7]
        labels: {__address__: x, 1a: y, ok: 3}`,
      [
        'scrape_configs[0].metrics_path: must start with "/"',
        'scrape_configs[0].scheme: unknown scheme "ftp" (http or https)',
        'scrape_configs[0].honor_labels: expected true or false',
        'scrape_configs[0].static_configs[0].targets[0]: "http://x:1/metrics" is not a valid address: no scheme or path (use scheme and metrics_path)',
        'scrape_configs[0].static_configs[0].targets[1]: "a b" is not a valid host:port address',
        'scrape_configs[0].static_configs[0].targets[2]: expected a host:port address',
        'scrape_configs[0].static_configs[0].labels: "__address__" is reserved (it starts with __)',
        'scrape_configs[0].static_configs[0].labels: "1a" is not a valid label name',
        'scrape_configs[0].static_configs[0].labels.ok: expected a string',
      ],
    ],
  ];
  for (const [name, yaml, expected] of errors) {
    test(`error: ${name}`, () => {
      const actual = errorsOf(yaml);
      assert.equal(actual.length, expected.length, JSON.stringify(actual));
      expected.forEach((message, i) => {
        assert.ok(actual[i]?.startsWith(message), `${actual[i]} should start with ${message}`);
      });
    });
  }
});

test('the default configuration scrapes both services', () => {
  const config = defaultScrapeConfig({
    demoApp: 'localhost:8080',
    paymentService: 'localhost:8081',
  });
  assert.deepEqual(
    config.jobs.map((j) => [j.jobName, j.staticConfigs[0]?.targets, j.metricsPath]),
    [
      ['demo-app', ['localhost:8080'], '/metrics'],
      ['payment-service', ['localhost:8081'], '/metrics'],
    ],
  );
  assert.equal(config.jobs[0]?.scrapeTimeoutMs, 10_000);
});
