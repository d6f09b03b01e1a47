import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { rewriteForLoopback, scrapeTargets } from './scrape-config.js';

const config = parse(`
global: { scrape_interval: 15s }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ["app:8080"], labels: { team: lab } }]
  - job_name: self
    static_configs: [{ targets: ["localhost:9090"] }]
`) as Record<string, unknown>;

test('scrapeTargets lists every static target with its job', () => {
  assert.deepEqual(scrapeTargets(config), [
    { job: 'app', target: 'app:8080' },
    { job: 'self', target: 'localhost:9090' },
  ]);
});

test('rewriteForLoopback maps targets, drops unmapped jobs and sets every interval', () => {
  const rewritten = parse(
    rewriteForLoopback(config, { 'app:8080': '127.0.0.1:4321' }, '1s', '/etc/prometheus'),
  );
  assert.deepEqual(rewritten, {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    scrape_configs: [
      {
        job_name: 'app',
        scrape_interval: '1s',
        static_configs: [{ targets: ['127.0.0.1:4321'], labels: { team: 'lab' } }],
      },
    ],
  });
});

test('rewriteForLoopback makes rule files absolute, from the folder of the original', () => {
  const withRules = { ...config, rule_files: ['../rules/lab.rules.yml', '/abs/other.yml'] };
  const rewritten = parse(rewriteForLoopback(withRules, {}, '1s', '/repo/stack'));
  assert.deepEqual(rewritten.rule_files, ['/repo/rules/lab.rules.yml', '/abs/other.yml']);
});
