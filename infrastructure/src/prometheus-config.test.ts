import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { PROMTOOL_BIN } from '@otel-lab/testkit';
import { composeServices, endpointProblem } from './compose-model.js';
import { skipWithout } from './require-binary.js';
import { scrapeTargets } from './scrape-config.js';
import { COMPOSE_FILE, PROMETHEUS_CONFIG, readYaml } from './stack-files.js';

const run = promisify(execFile);

describe('promtool check config', {
  skip: skipWithout(PROMTOOL_BIN, 'apt-get install prometheus'),
}, () => {
  test('passes on prometheus.yml', async () => {
    const { stdout } = await run(PROMTOOL_BIN, ['check', 'config', PROMETHEUS_CONFIG]);
    assert.match(stdout, /SUCCESS/);
  });

  test('fails on a copy with a mistake, so the pass above means something', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promtool-check-'));
    try {
      const broken = join(dir, 'prometheus.yml');
      const text = readFileSync(PROMETHEUS_CONFIG, 'utf8');
      writeFileSync(broken, text.replace('scrape_interval: 15s', 'scrape_interval: often'));
      await assert.rejects(run(PROMTOOL_BIN, ['check', 'config', broken]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the scrape configuration', () => {
  const targets = scrapeTargets(readYaml(PROMETHEUS_CONFIG));

  test('scrapes both services, as the original lab does', () => {
    assert.deepEqual(
      targets.filter((t) => t.job !== 'prometheus').map((t) => `${t.job} ${t.target}`),
      ['demo-app demo-app:8080', 'payment-service payment-service:8081'],
    );
  });

  test('every target is a compose service on a port it listens on', () => {
    const services = composeServices(readYaml(COMPOSE_FILE));
    for (const { job, target } of targets) {
      // Prometheus scraping itself, inside its own container.
      if (target === 'localhost:9090') continue;
      assert.equal(endpointProblem(services, target), undefined, job);
    }
  });
});
